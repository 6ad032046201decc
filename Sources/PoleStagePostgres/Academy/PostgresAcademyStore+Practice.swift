package import PoleStageStore

extension PostgresAcademyStore {
    /// The académie's resources of the good-practice space, in its schema.
    package var practice: PostgresPracticeLibrary {
        PostgresPracticeLibrary(
            schema: self.schema,
            client: self.client,
            logger: self.logger,
            now: { [configuration = self.configuration] in configuration.nowMilliseconds() }
        )
    }
}

extension PostgresAcademyStore: PracticeHolder {
    package var practiceLibrary: any PracticeStorage { self.practice }
}
