/// A company's interlocutor for one trade in a basin. Professional contact details of adults, given by the company.
public struct ContactDetails: Sendable, Hashable {
    public var trade: TradeCode
    public var company: SIRET
    public var name: String
    public var function: String
    public var email: String
    public var phone: String

    public init(trade: TradeCode, company: SIRET, name: String, function: String, email: String, phone: String) {
        self.trade = trade
        self.company = company
        self.name = name
        self.function = function
        self.email = email
        self.phone = phone
    }
}

public struct Contact: Sendable, Hashable {
    public var id: Int64
    public var details: ContactDetails
    public var companyName: String

    package init(id: Int64, details: ContactDetails, companyName: String) {
        self.id = id
        self.details = details
        self.companyName = companyName
    }
}
