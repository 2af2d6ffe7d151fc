/// A request to evaluate: a sale (earn), an in-app payment, a burn of points, or a balance
/// enquiry, in the vocabulary of the POS and payment systems Perk serves. Amounts are minor
/// units of the program's currency; quantities are thousandths; rates are `Rate`s.
public struct Request: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// A completed sale: earn on it, optionally paying with the card's balances.
        case earn
        /// An in-app payment (KENZ'UP): `amount` paid in-app out of `sale_amount`.
        case payment
        /// Paying `amount` with points (Convercus PayWithPoints).
        case burn
        /// What the customer's balances are worth.
        case balance
    }

    /// A basket line.
    public struct Line: Sendable, Equatable {
        public var article: String?
        public var ean: String?
        public var description: String?
        /// The quantity in thousandths: 1000 is 1, 12 345 is 12.345 litres.
        public var quantityThousandths: Int64 = 1000
        /// The price of one unit as charged, in minor units shifted by `unitPriceExtraDecimals`:
        /// 349 with no extra decimal is 3.49 EUR; 11 899 with one is 11.899 MAD (1189.9 centimes).
        public var unitPrice: Int64 = 0
        /// How many more decimals than the currency `unitPrice` has, 0 to
        /// `Request.maximumUnitPriceExtraDecimals`: fuel is priced to the tenth of a centime.
        public var unitPriceExtraDecimals: Int8 = 0
        /// The full price of one unit before any reduction, when it was reduced, in minor units.
        public var fullPrice: Int64?
        public var vatRate: Rate?
        /// The article's category (`organic`, `dairy`, `fuel`), read by the program's rules.
        public var category: String?

        public init(article: String? = nil, ean: String? = nil, description: String? = nil,
                    quantityThousandths: Int64 = 1000, unitPrice: Int64, unitPriceExtraDecimals: Int8 = 0,
                    fullPrice: Int64? = nil, vatRate: Rate? = nil, category: String? = nil) {
            self.article = article
            self.ean = ean
            self.description = description
            self.quantityThousandths = quantityThousandths
            self.unitPrice = unitPrice
            self.unitPriceExtraDecimals = unitPriceExtraDecimals
            self.fullPrice = fullPrice
            self.vatRate = vatRate
            self.category = category
        }

        /// What a unit price with `extraDecimals` is divided by to give minor units: 10 to that
        /// power (1 when they are out of range, which `validate()` refuses).
        static func unitPriceDivisor(extraDecimals: Int8) -> Int64 {
            switch extraDecimals {
            case 1: 10
            case 2: 100
            case 3: 1000
            default: 1
            }
        }

        /// The unit price with its extra decimals' trailing zeros taken off: 11 900 with one
        /// extra decimal is 1190 with none. The form decoding gives, and the one compared.
        var reducedUnitPrice: (price: Int64, extraDecimals: Int8) {
            var (price, extra) = (unitPrice, unitPriceExtraDecimals)
            while extra > 0, price % 10 == 0 {
                price /= 10
                extra -= 1
            }
            return (price, extra)
        }

        /// Lines are equal when every field is, unit prices by their value: 11.90 MAD is the
        /// same price whether written with one extra decimal (11 900) or none (1190).
        public static func == (a: Line, b: Line) -> Bool {
            a.reducedUnitPrice == b.reducedUnitPrice && a.article == b.article && a.ean == b.ean
                && a.description == b.description && a.quantityThousandths == b.quantityThousandths
                && a.fullPrice == b.fullPrice && a.vatRate == b.vatRate && a.category == b.category
        }
    }

    /// The customer of the sale, as far as the request knows.
    public struct Customer: Sendable, Equatable {
        public var mobile: MobileNumber?
        /// Whether the customer has an account; a forced earn for an unregistered one keeps a pending credit.
        public var registered = true
        public var card: String?
        /// Ids of the offers the customer's card is linked to.
        public var linkedOffers: [String] = []
        /// The balances before this request, when known.
        public var balances: Balances?
        /// The customer's tier (`gold`), read by the program's rules.
        public var tier: String?
        /// What the host system knows of the customer (`staff`), read by the program's rules.
        public var tags: [String] = []
        /// The customer's birthday, read by the program's rules.
        public var birthday: Birthday?
        /// Whether this sale is the customer's first purchase, read by the program's rules.
        public var firstPurchase = false

        public init(mobile: MobileNumber? = nil, registered: Bool = true, card: String? = nil,
                    linkedOffers: [String] = [], balances: Balances? = nil, tier: String? = nil,
                    tags: [String] = [], birthday: Birthday? = nil, firstPurchase: Bool = false) {
            self.mobile = mobile
            self.registered = registered
            self.card = card
            self.linkedOffers = linkedOffers
            self.balances = balances
            self.tier = tier
            self.tags = tags
            self.birthday = birthday
            self.firstPurchase = firstPurchase
        }
    }

    /// A customer's balances: cash and bonus in minor units, points as a count.
    public struct Balances: Sendable, Equatable {
        public var cash: Int64
        public var bonus: Int64
        public var points: Int64

        public init(cash: Int64 = 0, bonus: Int64 = 0, points: Int64 = 0) {
            self.cash = cash
            self.bonus = bonus
            self.points = points
        }
    }

    /// A means of payment recorded on the receipt.
    public struct Tender: Sendable, Equatable {
        public var id: String
        public var amount: Int64

        public init(id: String, amount: Int64) {
            self.id = id
            self.amount = amount
        }
    }

    public var kind: Kind = .earn
    public var orderID: String?
    public var externalID: String?
    public var time: Timestamp?
    public var lines: [Line] = []
    /// earn: the sale total when there are no lines; payment: the amount paid in-app; burn: the amount paid with points.
    public var amount: Int64?
    /// payment: the total of the sale, of which `amount` is paid in-app.
    public var saleAmount: Int64?
    /// payment: what was actually paid in-app, when less than `amount`.
    public var paidAmount: Int64?
    /// payment: whether the in-app amount was paid with points (else by card or wallet).
    public var paidWithPoints = false
    /// payment: whether paying less than `amount` is declined (true by default).
    public var errorOnPartial = true
    /// earn: whether the customer pays with the card's cash and bonus balances.
    public var payWithCard = false
    public var merchant: String?
    public var brand: String?
    public var shop: String?
    public var terminalID: String?
    public var agentID: String?
    public var customer: Customer?
    /// Whether the points are credited at once, without a QR scan.
    public var force = false
    public var rateOverride: Rate?
    public var amountOverride: Int64?
    public var overrideReason: String?
    public var tenders: [Tender] = []

    public init(kind: Kind = .earn) { self.kind = kind }
}
