import Foundation

/// The inbox's sentences and the refusals' pieces, in French, with names: never a pupil's reference.
package enum PlacementTexts {
    /// "13 décembre 2026 à 10:00", in Paris.
    package static func date(_ milliseconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "fr_FR")
        formatter.timeZone = TimeZone(identifier: "Europe/Paris") ?? .gmt
        formatter.dateFormat = "d MMMM yyyy 'à' HH:mm"
        return formatter.string(from: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
    }

    package static func weeks(_ from: ISOWeek, _ to: ISOWeek) -> String {
        if from == to { return "semaine \(from.week) de \(from.year)" }
        if from.year == to.year { return "semaines \(from.week) à \(to.week) de \(from.year)" }
        return "semaine \(from.week) de \(from.year) à semaine \(to.week) de \(to.year)"
    }

    /// The weeks with their article, as a sentence's object: "la semaine 12 de 2027", "les semaines 12 à 13 de 2027".
    package static func theWeeks(_ from: ISOWeek, _ to: ISOWeek) -> String {
        if from == to { return "la semaine \(from.week) de \(from.year)" }
        if from.year == to.year { return "les semaines \(from.week) à \(to.week) de \(from.year)" }
        return "les semaines \(from.week) de \(from.year) à \(to.week) de \(to.year)"
    }

    package static func about(_ application: Application) -> String {
        "« \(application.offerTitle) » (\(application.level.name), \(weeks(application.from, application.to)))"
    }

    package static func received(_ application: Application) -> String {
        "Nouvelle candidature pour \(about(application)). Répondez-y dans votre espace entreprise."
    }

    package static func sent(_ application: Application) -> String {
        let by = application.madeBy == .pupil ? "par l'élève" : "par l'établissement"
        return "Candidature envoyée \(by) pour \(about(application)) chez \(application.companyName)."
    }

    package static func accepted(_ application: Application) -> String {
        "\(application.companyName) accepte la candidature pour \(about(application))."
    }

    package static func declined(_ application: Application, _ reason: DeclineReason) -> String {
        "\(application.companyName) décline la candidature pour \(about(application)) : \(reason.french)."
    }

    package static func withdrawn(_ application: Application) -> String {
        "Candidature retirée pour \(about(application)) : ses places sont libérées."
    }

    package static func withdrawnByPlacement(_ application: Application) -> String {
        "Candidature retirée pour \(about(application)) : l'élève est placé ailleurs sur ces semaines."
    }

    package static func expired(_ application: Application) -> String {
        "Candidature expirée sans réponse pour \(about(application)) : ses places sont libérées."
    }

    package static func reminder(_ application: Application, days: Int) -> String {
        "Candidature en attente depuis \(days) jours pour \(about(application)) : merci d'y répondre."
    }

    package static func stuck(_ application: Application, days: Int) -> String {
        "Candidature sans réponse de \(application.companyName) depuis \(days) jours pour \(about(application))."
    }

    package static func offerToUpdate(title: String) -> String {
        "L'offre « \(title) » n'a plus de semaine à venir : ajoutez des périodes ou retirez-la."
    }
}

extension DeclineReason {
    public var french: String {
        switch self {
        case .seatsFilled: "places déjà pourvues"
        case .tutorUnavailable: "pas de tuteur disponible sur ces semaines"
        case .datesUnsuitable: "ces semaines ne conviennent pas"
        case .trainingMismatch: "activité sans rapport avec la formation"
        case .other: "autre raison"
        case .offerWithdrawn: "l'entreprise a retiré l'offre"
        }
    }
}
