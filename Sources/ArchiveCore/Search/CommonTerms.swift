/// The function words of English, Russian and Kazakh (articles, pronouns, prepositions, conjunctions, particles,
/// auxiliary verbs), as the index holds them: a pair of neighbouring terms is indexed when one of them is among these
/// (``IndexedText``), so that a phrase holding one (`"the budget"`, `"бюджет на"`, `"жылы мектеп"`) reads its pair,
/// which is rare, instead of every version that holds both words. A phrase without one reads its rarer word, which
/// few versions hold.
///
/// Changing the lists changes what the index holds: it needs a migration that fills the index again.
enum CommonTerms {
    static let english = """
        a about above after again against all also am an and any are as at be because been before being below \
        between both but by can cannot could d did do does doing don down during each few for from further had has \
        have having he her here hers herself him himself his how i if in into is it its itself just ll m may me \
        might more most must my myself no nor not now of off on once one only or other ought our ours ourselves out \
        over own re s same shall she should so some such t than that the their theirs them themselves then there \
        these they this those through to too under until up us ve very was we were what when where which while who \
        whom why will with would you your yours yourself yourselves
        """
    static let russian = """
        а без более бы был была были было быть в вам вас ведь во вот впрочем все всегда всего всех всю вы где да \
        даже для до другой его ее ей ему если есть еще ж же за зачем здесь и из или им иногда их к как какая какой \
        когда конечно который которая которое которые которых котором которой кто куда ли лучше между меня мне \
        много может можно мой моя мы на над надо наконец нас не него нее ней нельзя нет ни нибудь никогда ним них \
        ничего но ну о об один он она они опять от перед по под после потом потому почти при про раз разве с сам \
        свою себе себя сейчас со совсем так также такой там тебя тем теперь то тогда того тоже только том тот три \
        тут ты у уж уже хоть хорошо чего чем через что чтоб чтобы чуть эти этого этой этом этот эту это я
        """
    static let kazakh = """
        арқылы ба бар барлық бе бен бір бірақ біз біздің болады болды болып бұл ғана да де дейін деп ал алайда әр \
        еді екен емес жоқ жөнінде және жылы кейін қана қарай қазір ма ме мен немесе ол олар оларға оған онда оның \
        оны осы па пе пен сайын сен сіз сіздің сияқты сол сондай та тағы те туралы үшін яғни
        """

    /// The terms of all three lists (stemmed as the index stems them).
    static let terms: Set<String> = {
        let words = SearchWords()
        return Set([english, russian, kazakh].flatMap { words.words(in: $0).map(\.term) })
    }()

    private static let substrings = Set(terms.map { Substring($0) })

    static func contains(_ term: String) -> Bool {
        terms.contains(term)
    }

    static func contains(_ term: Substring) -> Bool {
        substrings.contains(term)
    }
}
