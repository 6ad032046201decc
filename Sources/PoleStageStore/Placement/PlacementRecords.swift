import GRDB

/// A `pupil` row, checked as it is read: a row that no longer passes a rule is an error, never skipped.
struct PupilRecord: FetchableRecord {
    var pupil: Pupil

    init(row: Row) throws {
        let id: Int64 = row["id"]
        guard let year = SchoolYear(startYear: row["schoolYear"]), let school = UAI(row["schoolUai"]),
            let ref = PupilRef(row["ref"]), let level = Level(rawValue: row["level"])
        else { throw StoreError.corrupt("pupil \(id) cannot be read") }
        let gender: String? = row["gender"]
        self.pupil = Pupil(
            id: id,
            school: school,
            schoolYear: year,
            details: PupilDetails(
                ref: ref,
                className: row["className"],
                level: level,
                needsAccessible: row["needsAccessible"],
                needs: Set(AccessFeature.set(fromMask: row["needs"])),
                mobility: Mobility(maxKm: row["maxKm"], publicTransportOnly: row["transitOnly"]),
                qpv: row["qpv"],
                gender: gender.flatMap(Gender.init(rawValue:))
            )
        )
    }
}

/// An `application` row joined with its pupil's needs and its offer's title and company.
struct ApplicationRecord: FetchableRecord {
    var application: Application

    /// The columns the query must select, `a` being `application`, `p` its pupil and `o` its offer.
    static let columns = """
        a.*, p.ref AS pupilRef, p.needsAccessible, p.maxKm, p.transitOnly, o.title AS offerTitle,
        o.companyName AS companyName
        """

    static let joins = "FROM application a JOIN pupil p ON p.id = a.pupilId JOIN offer o ON o.id = a.offerId"

    init(row: Row) throws {
        let id: Int64 = row["id"]
        guard let ref = PupilRef(row["pupilRef"]), let school = UAI(row["schoolUai"]),
            let year = SchoolYear(startYear: row["schoolYear"]), let level = Level(rawValue: row["level"]),
            let from = ISOWeek(storage: row["fromWeek"]), let to = ISOWeek(storage: row["toWeek"]),
            let madeBy = Applicant(rawValue: row["madeBy"]), let state = ApplicationState(rawValue: row["state"])
        else { throw StoreError.corrupt("application \(id) cannot be read") }
        let reason: String? = row["declineReason"]
        self.application = Application(
            id: id,
            offer: row["offerId"],
            offerTitle: row["offerTitle"],
            companyName: row["companyName"],
            pupil: row["pupilId"],
            pupilRef: ref,
            school: school,
            schoolYear: year,
            level: level,
            from: from,
            to: to,
            motivation: row["motivation"],
            needsAccessible: row["needsAccessible"],
            mobility: Mobility(maxKm: row["maxKm"], publicTransportOnly: row["transitOnly"]),
            madeBy: madeBy,
            priority: row["priority"],
            boardingHouse: row["boardingHouseId"],
            state: state,
            declineReason: reason.flatMap(DeclineReason.init(rawValue:)),
            declineNote: row["declineNote"],
            createdAt: row["createdAt"],
            expiresAt: row["expiresAt"],
            decidedAt: row["decidedAt"]
        )
    }
}
