/*
 * lang.c: the English word lists the rules consult, and the questions
 * about one word that need more than a list lookup.
 */
#include "extract/internal.h"

#include <stddef.h>

/* ---- lexicons (general English newswire, never article text) ---------- */

/* Verbs that introduce a claim.  `bare` ones may take a clause without
 * "that" ("he said the plan failed"). */
const char *const cl_en_cue_bare[] = {
	"said", "says", "say", "added", "adds", "wrote", "writes", "insisted",
	"insists", "claimed", "claims", "argued", "argues", "warned", "warns",
	"stated", "states", "declared", "declares", "asserted", "asserts",
	"maintained", "maintains", "contended", "contends", "accused",
	"accuses", "accusing", "urged", "urges", "urging", "acknowledged",
	"acknowledges", "admitted", "admits", NULL
};
const char *const cl_en_cue_that[] = {
	"told", "tells", "noted", "notes", "explained", "explains",
	"concluded", "concludes", "assured", "assures", "assuring", "affirmed",
	"affirms", "affirming", "highlighted", "highlights", "highlighting",
	"stressed", "stresses", "stressing", "emphasized", "emphasised",
	"emphasizes", "emphasises", "emphasizing", "emphasising",
	"acknowledged", "acknowledges", "admitted", "admits", "confirmed",
	"confirms", "denied", "denies", "alleged", "alleges", "alleging",
	"announced", "announces", "ensured", "ensures", "ensuring", "replied",
	"replies", "responded", "recalled", "recalls", "observed", "predicted",
	"predicts", "promised", "promises", "pledged", "pledges", "vowed",
	"vows", "estimated", "estimates", "reported", "reports", "revealed",
	"reveals", "suggested", "suggests", "commented", "remarked", "tweeted",
	"indicated", "indicates", "reiterated", "reiterates", "underlined",
	"underlines", "conceded", "concedes", "countered", "counters",
	"complained", "complains", "lamented", "laments", "saying", "adding",
	"insisting", "warning", "noting", "arguing", "claiming", "stating",
	"asserting", "maintaining", "explaining", "acknowledging",
	"admitting", "concluding", "recalling", "promising", "vowing",
	"continued", "continues", "agreed", "believes", "contended",
	"asked", "asks", "specified", "clarified", "pointed", "estimating",
	"ruled", "rules", "ruling", "found", "finds", "concluding",
	"announcing", "declaring", "cautioned", "cautions", "cautioning",
	"wondered", "objected", "testified", "posted", "issued", "informed",
	"informs", NULL
};
/* Words that, before a cue, mean it does not report a statement. */
const char *const cl_en_cue_neg[] = {
	"to", "not", "never", "didn't", "did", "would", "could", "might",
	"a", "an", "the", "its", "their", "his", "her", "no", "was", "were",
	"be", "been", "is", "are", NULL
};
const char *const cl_en_pron_person[] = {
	"he", "she", "him", "her", NULL
};
const char *const cl_en_pron_group[] = {
	"they", "it", "which", "who", NULL
};
const char *const cl_en_doc_words[] = {
	"statement", "letter", "text", "communique", "communiqué", "release",
	"report", "document", "declaration", "note", "message", "memo",
	"post", "tweet", "email", "filing", "complaint", "ruling", "decree",
	"resolution", "notice", "bulletin", "circular", "brief", "press",
	NULL
};
/* Heads of descriptor phrases that name a person's role. */
const char *const cl_en_role_words[] = {
	"minister", "diplomat", "president", "premier", "chancellor",
	"secretary", "spokesman", "spokeswoman", "spokesperson", "official",
	"senator", "governor", "mayor", "ambassador", "envoy", "chief",
	"leader", "general", "commander", "prosecutor", "judge", "lawyer",
	"attorney", "ceo", "executive", "director", "chairman", "chairwoman",
	"chair", "head", "economist", "analyst", "professor", "researcher",
	"scientist", "lawmaker", "legislator", "congressman",
	"congresswoman", "deputy", "representative", "candidate", "activist",
	"founder", "owner", "manager", "coach", "doctor", "physician",
	"epidemiologist", "expert", "negotiator", "adviser", "advisor",
	"officer", "sheriff", "commissioner", "inspector", "auditor",
	"treasurer", "king", "queen", "monarch", "prince", "pope", "bishop",
	"archbishop", "cardinal", "rabbi", "imam", "mp", "mep", "dean",
	"rector", "principal", "union", "organiser", "organizer", "farmer",
	"resident", "witness", "survivor", "engineer", "pilot", "captain",
	"economist", "strategist", "pollster", "historian", "author",
	"novelist", "journalist", "editor", "reporter", "veteran", "nurse",
	"teacher", "student", "worker", "vice", "politician", "woman", "man",
	"member", "councillor", "councilor", "councilman", "councilwoman",
	"mother", "father", "governor", NULL
};
/* Capitalised words that open a name but are titles, not the name. */
const char *const cl_en_title_words[] = {
	"president", "prime", "minister", "foreign", "finance", "interior",
	"defense", "defence", "health", "economy", "trade", "energy",
	"justice", "education", "labor", "labour", "secretary", "senator",
	"sen", "rep", "representative", "governor", "gov", "mayor", "mr",
	"mrs", "ms", "dr", "prof", "professor", "general", "gen", "lt",
	"col", "colonel", "major", "captain", "capt", "sgt", "ambassador",
	"chancellor", "king", "queen", "prince", "princess", "pope",
	"judge", "justice", "chief", "deputy", "vice", "attorney", "state",
	"congressman", "congresswoman", "commissioner", "director", "ceo",
	"chairman", "chairwoman", "bishop", "archbishop", "cardinal",
	"sheriff", "inspector", "opposition", "leader", "lawmaker", "former",
	"acting", "interim", "economist", "agriculture", "transport",
	"environment", "home", "culture", "sports", "tourism", "mining",
	"planning", "industry", "communications", "information", "sir",
	"dame", "lord", "lady", "rev", "father", "sister", "brother",
	"spokesman", "spokeswoman", "senior", "top", "councillor",
	"councilor", "councilman", "councilwoman", "alderman", "regional",
	"port", "police", "fire", "mr.", "dr.", "mrs.", "ms.",
	"councilmember", "councilmembers", "alderwoman", "alderperson",
	"selectman", "selectwoman", "assemblymember", "co-author",
	"coauthor", "author", "lead", "supervisor", "trustee", "warden",
	"ranger", "curator", "steward", "manager", "coordinator", NULL
};
/* Occupations and offices: before a name they are a title, not the name
 * ("Superintendent Carl Hess", "Hydrologist Ana Ruiz", "Dr. Li"); as a
 * descriptor ("the hydrologist") they name the person last given them. */
const char *const cl_en_occupations[] = {
	"superintendent", "hydrologist", "geologist", "meteorologist",
	"climatologist", "seismologist", "virologist", "epidemiologist",
	"immunologist", "biologist", "ecologist", "agronomist",
	"economist", "demographer", "statistician", "sociologist",
	"psychologist", "psychiatrist", "anthropologist", "archaeologist",
	"historian", "physicist", "chemist", "astronomer", "mathematician",
	"scientist", "researcher", "analyst", "strategist", "pollster",
	"spokesperson", "spokesman", "spokeswoman", "senator", "inspector",
	"judge", "justice", "magistrate", "mayor", "minister", "governor",
	"commissioner", "director", "chair", "chairman", "chairwoman",
	"chairperson", "president", "vice", "chief", "executive", "ceo",
	"cfo", "coo", "cto", "dr", "prof", "professor", "dean", "provost",
	"chancellor", "rector", "principal", "headteacher", "headmaster",
	"headmistress", "sheriff", "marshal", "constable", "detective",
	"sergeant", "officer", "lieutenant", "captain", "commander",
	"admiral", "general", "colonel", "major", "attorney", "prosecutor",
	"counsel", "solicitor", "barrister", "auditor", "comptroller",
	"treasurer", "secretary", "undersecretary", "administrator",
	"coordinator", "manager", "supervisor", "trustee", "councillor",
	"councilor", "councilman", "councilwoman", "alderman",
	"assemblyman", "assemblywoman", "assemblymember", "delegate",
	"deputy", "representative", "congressman", "congresswoman",
	"lawmaker", "legislator", "ambassador", "envoy", "consul",
	"diplomat", "engineer", "architect", "physician", "surgeon",
	"doctor", "nurse", "pharmacist", "lawyer", "pastor", "reverend",
	"rabbi", "imam", "bishop", "archbishop", "cardinal", "activist",
	"campaigner", "organiser", "organizer", "founder", "co-founder",
	"cofounder", "owner", "coach", "columnist", "editor", "premier",
	"speaker", "whip", "emir", "sultan", "sheikh", "president-elect",
	"secretary-general", "registrar", "ombudsperson", "planner",
	"negotiator", "adviser", "advisor", "consultant", "economist",
	"supt", "insp", "det", "cmdr", "adm", "mx", "farmer", "fisherman",
	"rancher", "grower", "winemaker", "rider", "cyclist", "driver",
	"player", "striker", "goalkeeper", "midfielder", "defender",
	"athlete", "runner", "swimmer", "boxer", "skier", "teammate",
	"shopkeeper", "landlord", "priest", "vicar", "firefighter",
	"paramedic", "midwife", "pilot", "teacher", "headteacher",
	"councilmember", "alderwoman", "alderperson", "selectman",
	"selectwoman", "co-author", "coauthor", "author", "warden",
	"curator", "ranger", NULL
};
/* Title abbreviations written with a dot before a name ("Dr. Ana Li"). */
const char *const cl_en_title_abbrevs[] = {
	"mr", "mrs", "ms", "mx", "dr", "prof", "gen", "sen", "rep", "gov",
	"lt", "col", "sgt", "capt", "cmdr", "adm", "supt", "insp", "det",
	"rev", "hon", "pres", "st", NULL
};
/* Plural nouns for unnamed groups: never a speaker by themselves. */
const char *const cl_en_group_words[] = {
	"residents", "officials", "analysts", "experts", "critics",
	"observers", "witnesses", "sources", "people", "protesters",
	"protestors", "demonstrators", "workers", "employees", "staff",
	"teachers", "parents", "students", "doctors", "nurses",
	"scientists", "researchers", "economists", "investors", "traders",
	"diplomats", "lawmakers", "legislators", "activists", "farmers",
	"villagers", "locals", "citizens", "voters", "neighbours",
	"neighbors", "families", "survivors", "victims", "relatives",
	"authorities", "officers", "agents", "insiders", "commentators",
	"campaigners", "opponents", "supporters", "members", "leaders",
	"organisers", "organizers", "shoppers", "customers", "passengers",
	"fans", "spokespeople", "spokesmen", "spokeswomen",
	"representatives", "executives", "managers", "bankers", "lawyers",
	"engineers", "unions", "groups", "others", "many", "some", "most",
	"several", "few", "commuters", "owners", "tenants", "patients",
	"users", "consumers", "drivers", "miners", "fishermen", "growers",
	"producers", "exporters", "importers", "retailers", "economists",
	NULL
};
/* Groups that may stand for a body named right after them ("officials
 * at the Health Ministry", "AQN officials"). */
const char *const cl_en_official_groups[] = {
	"officials", "sources", "spokespeople", "spokesmen", "spokeswomen",
	"representatives", "authorities", "executives", "officers",
	"leaders", "members", "staff", "managers", NULL
};
/* Prepositions of place: a name after them is where, not who. */
const char *const cl_en_locatives[] = {
	"in", "at", "near", "outside", "across", "around", "inside",
	"throughout", "from", "on", "along", "beyond", NULL
};
/* Place nouns after a name ("the Cerro neighbourhood"). */
const char *const cl_en_place_words[] = {
	"neighbourhood", "neighborhood", "district", "city", "town",
	"village", "area", "region", "province", "county", "state",
	"suburb", "quarter", "borough", "valley", "capital", "country",
	"street", "square", "market", "barrio", "township", "municipality",
	"port", "coast", "island", "islands", "river", "basin", "zone",
	"settlement", "camp", "slum", "estate", "community", NULL
};
/* Data words: "according to the council's own data". */
const char *const cl_en_data_words[] = {
	"figures", "data", "numbers", "statistics", "stats", "estimates",
	"records", "survey", "study", "analysis", "projections", "count",
	"tally", "census", "website", "account", "calculations", "audit",
	"review", "forecast", "forecasts", "findings", "results", "models",
	"model", NULL
};
/* Kinds of body: "the union" also means a named Association. */
const char *const *const cl_en_org_kinds[] = {
	(const char *const[]){ "union", "unions", "association", "federation",
			       "syndicate", "confederation", "guild", NULL },
	(const char *const[]){ "ministry", "department", "secretariat", NULL },
	(const char *const[]){ "court", "tribunal", NULL },
	(const char *const[]){ "agency", "authority", "bureau", "office",
			       "commission", "administration", "service",
			       "survey", "institute", "defense", "defence",
			       "regulator", NULL },
	(const char *const[]){ "district", "school", "schools", "board", NULL },
	(const char *const[]){ "utility", "authority", "company", "corporation",
			       "corp", "administration", "works", NULL },
	NULL
};
/* Words that make a capitalised run a body, not a person. */
const char *const cl_en_org_words[] = {
	"ministry", "department", "government", "administration", "party",
	"council", "agency", "commission", "committee", "bank", "union",
	"court", "office", "organization", "organisation", "association",
	"institute", "university", "company", "corp", "corporation", "inc",
	"ltd", "group", "parliament", "congress", "senate", "assembly",
	"army", "police", "fund", "federation", "foundation", "board",
	"authority", "service", "services", "embassy", "regime", "cabinet",
	"presidency", "palace", "house", "network", "alliance", "coalition",
	"front", "movement", "league", "society", "center", "centre",
	"secretariat", "bureau", "force", "forces", "navy", "command",
	"tribunal", "observatory", "watch", "international", "news",
	"times", "post", "press", "media", "airlines", "holdings", "plc",
	"sa", "ag", "llc", "co", "industries", "energy", "motors", "mining",
	"institution", "program", "programme", "campaign", "camp", "team",
	"club", "council", "chamber", "junta", "kremlin", "pentagon",
	"reuters", "unions", "guard", "ombudsman", "inspectorate",
	"terminals", "research", "partners", "consulting", "associates",
	"utility", "logistics",
	"shipping", "airways", "technologies", "pharmaceuticals", "gmbh",
	"trust", "hospital", "clinic", "school", "college", "academy",
	NULL
};
/* Org heads whose lowercase mention ("the ministry") refers back. */
const char *const cl_en_org_heads[] = {
	"ministry", "department", "government", "administration", "party",
	"council", "agency", "commission", "committee", "bank", "union",
	"court", "office", "organization", "organisation", "association",
	"institute", "university", "company", "group", "parliament",
	"congress", "senate", "assembly", "army", "police", "fund",
	"federation", "foundation", "board", "authority", "service",
	"embassy", "regime", "cabinet", "firm", "presidency", "palace",
	"alliance", "coalition", "movement", "league", "bureau", "tribunal",
	"observatory", "campaign", "club", "chamber", "junta", "network",
	"watchdog", "regulator", "insurer", "lender", "carrier", "airline",
	"operator", "utility", "charity", "ngo", "municipality", "city",
	"state", "region", "province", "county", "prosecutor's", "mission",
	"delegation", "secretariat", "junta", "consortium", "producer",
	"manufacturer", "retailer", "miner", "developer", "school",
	"hospital", "clinic", "trust", "body", "commission", "consulate",
	"industry", "sector", "district", "operator", "syndicate",
	"confederation", "guild", "corporation", "ministry's", "maker", NULL
};
/* Synonyms: "the company" also matches a name ending in Corp, Inc... */
const char *const cl_en_firm_suffix[] = {
	"corp", "corporation", "inc", "ltd", "group", "co", "company", "sa",
	"ag", "plc", "llc", "holdings", "industries", "airlines", "motors",
	"mining", "energy", "bank", "partners", "terminals", "ports",
	"logistics", "shipping", "airways", "systems", "technologies",
	"technology", "labs", "pharmaceuticals", "pharma", "capital",
	"brands", "foods", "resources", "minerals", "petroleum", "oil",
	"gas", "telecom", "communications", "motors", "steel", "chemicals",
	"electric", "power", "works", "enterprises", "ventures", "limited",
	"lines", "line", "construction", "builders", "contractors",
	"gmbh", "nv", "bv", "spa", "srl", "ab", "asa", "oyj", NULL
};
/* Capitalised words that begin sentences or dates, not names. */
const char *const cl_en_cap_stop[] = {
	"the", "a", "an", "in", "on", "at", "this", "that", "these", "those",
	"it", "its", "he", "she", "they", "we", "i", "you", "his", "her",
	"their", "our", "but", "and", "or", "so", "yet", "according",
	"despite", "through", "after", "before", "while", "when", "as",
	"for", "with", "by", "from", "last", "next", "monday", "tuesday",
	"wednesday", "thursday", "friday", "saturday", "sunday", "january",
	"february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december", "jan", "feb", "mar",
	"apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
	"if", "however", "meanwhile", "also", "since", "until", "during",
	"under", "over", "following", "amid", "among", "about", "there",
	"here", "what", "why", "how", "who", "where", "which", "not", "no",
	"yes", "all", "some", "many", "most", "more", "one", "two", "three",
	"both", "each", "every", "other", "such", "then", "now", "today",
	"yesterday", "tomorrow", "earlier", "later", "still", "even", "only",
	"instead", "because", "although", "though", "whether", "once", "my",
	"your", "mr.", "photo", "image", "video", "read", "share", "related",
	"leave", "click", "copyright", "subscribe", "sign", "follow", "we're",
	"it's", "i'm", "let", "do", "does", "did", "is", "are", "was", "were",
	"be", "will", "would", "can", "could", "should", "must", "has",
	"have", "had", "to", "of", "into", "against", "toward", "towards",
	"without", "within", "between", "across", "around", "near", "per",
	"via", "like", "unlike", "neither", "nor", "either", "any", "few",
	"several", "much", "another", "first", "second", "third", "new",
	"former", NULL
};
/* Capitalised stop words that may open a name ("New York", "Second
 * Circuit"). */
const char *const cl_en_name_openers[] = {
	"new", "first", "second", "third", NULL
};
/* Months that are also first names, and the words that make them
 * dates. */
const char *const cl_en_month_first_names[] = {
	"jan", "may", "june", "april", "august", NULL
};
const char *const cl_en_date_preps[] = {
	"in", "on", "since", "until", "by", "last", "next", "early", "late",
	"mid", "from", "to", "through", "of", "this", "before", "after", NULL
};
/* Capitalised words that make a run a body when it continues with a
 * name link ("Geological Survey of Norway", "Civil Defense of Ceará",
 * "Port of Lisbon"), or that head a body anyway ("Regulatory
 * Authority"). */
const char *const cl_en_org_link_heads[] = {
	"survey", "defense", "defence", "port", "ministry", "department",
	"authority", "agency", "council", "commission", "institute",
	"university", "bank", "fund", "court", "office", "service", "board",
	"association", "union", "secretariat", "bureau", "directorate",
	"inspectorate", "observatory", "academy", "society", "chamber",
	"federation", "foundation", "organisation", "organization",
	"corporation", "administration", "registry", "tribunal", "police",
	"guard", "museum", "library", "centre", "center", "school",
	"college", "hospital", "committee", "laboratory", "network", NULL
};
/* Lowercase words allowed inside a name ("Bank of England", "Juan de la
 * Rosa"). */
const char *const cl_en_name_links[] = {
	"of", "de", "la", "del", "van", "von", "der", "den", "al", "el",
	"bin", "ibn", "da", "dos", "das", "do", "di", "du", "le", "y", "for",
	"and", NULL
};
const char *const cl_en_adverbs[] = {
	"also", "later", "then", "further", "again", "once", "previously",
	"now", "recently", "separately", "meanwhile", "repeatedly", "had",
	"has", "have", "already", "earlier", "publicly", "privately",
	"reportedly", "allegedly", "firmly", "flatly", "strongly", "openly",
	"has", "himself", "herself", "itself", "themselves", "however",
	"subsequently", "still", "often", "frequently", "yesterday", "today",
	"too", NULL
};
/* Words after a cue that end a speaker phrase ("said Smith in Lima"). */
const char *const cl_en_np_stop[] = {
	"which", "who", "whom", "that", "in", "on", "at", "during", "after",
	"before", "while", "when", "as", "to", "from", "late", "last",
	"this", "adding", "referring", "speaking", "according", "and", "but",
	"because", "since", "told", "via", "with", "without", "earlier",
	"about", "on", "into", "under", "outside", "inside", "following",
	"ahead", "amid", "if", "though", "although", NULL
};
const char *const cl_en_abbrevs[] = {
	"mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col",
	"sgt", "jr", "sr", "corp", "co", "no", "vs", "etc", "jan", "feb",
	"mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec", "prof",
	"capt", "cmdr", "adm", "rev", "hon", "pres", "approx", "dept", "est",
	"fig", "inc", "ltd", "mt", "ft", "u.s", "u.k", "u.n", "e.g", "i.e",
	NULL
};
const char *const cl_en_preps_intro[] = {
	"in", "on", "at", "through", "despite", "after", "before", "during",
	"with", "for", "from", "by", "under", "following", "amid", "since",
	"as", "while", "when", "speaking", "asked", "meanwhile", "earlier",
	"later", "last", "this", "however", "but", "and", "yet", "still",
	"also", "now", "separately", "elsewhere", "until", "over", NULL
};

/* Letters after a name that are honours or ranks, not the name ("Ana
 * Ruiz SC", "John Smith Jr", "Jane Doe MP"). */
const char *const cl_en_postnominals[] = {
	"sc", "qc", "kc", "mp", "mep", "msp", "mla", "mpp", "obe", "mbe",
	"cbe", "kbe", "dbe", "phd", "md", "jr", "sr", "esq", "ii", "iii",
	"iv", NULL
};
/* Nationality nouns, with the country and adjective that introduce them:
 * "Spain's Ana Ruiz" or "Spanish rider Ana Ruiz" is later "the
 * Spaniard".  Triples: country, adjective, noun. */
const char *const cl_en_demonyms[] = {
	"spain", "spanish", "spaniard", "france", "french", "frenchman",
	"france", "french", "frenchwoman", "britain", "british", "briton",
	"netherlands", "dutch", "dutchman", "netherlands", "dutch",
	"dutchwoman", "england", "english", "englishman", "england",
	"english", "englishwoman", "ireland", "irish", "irishman", "ireland",
	"irish", "irishwoman", "scotland", "scottish", "scot", "wales",
	"welsh", "welshman", "italy", "italian", "italian", "germany",
	"german", "german", "belgium", "belgian", "belgian", "portugal",
	"portuguese", "portuguese", "switzerland", "swiss", "swiss",
	"austria", "austrian", "austrian", "denmark", "danish", "dane",
	"sweden", "swedish", "swede", "norway", "norwegian", "norwegian",
	"finland", "finnish", "finn", "poland", "polish", "pole", "greece",
	"greek", "greek", "turkey", "turkish", "turk", "russia", "russian",
	"russian", "ukraine", "ukrainian", "ukrainian", "america",
	"american", "american", "canada", "canadian", "canadian", "mexico",
	"mexican", "mexican", "brazil", "brazilian", "brazilian",
	"argentina", "argentine", "argentine", "argentina", "argentinian",
	"argentinian", "colombia", "colombian", "colombian", "chile",
	"chilean", "chilean", "peru", "peruvian", "peruvian", "venezuela",
	"venezuelan", "venezuelan", "australia", "australian", "australian",
	"zealand", "zealander", "zealander", "japan", "japanese", "japanese",
	"china", "chinese", "chinese", "korea", "korean", "korean", "india",
	"indian", "indian", "pakistan", "pakistani", "pakistani", "kenya",
	"kenyan", "kenyan", "nigeria", "nigerian", "nigerian", "ethiopia",
	"ethiopian", "ethiopian", "egypt", "egyptian", "egyptian", "morocco",
	"moroccan", "moroccan", "israel", "israeli", "israeli", "iran",
	"iranian", "iranian", "croatia", "croatian", "croat", "serbia",
	"serbian", "serb", "slovenia", "slovenian", "slovene", "czechia",
	"czech", "czech", "hungary", "hungarian", "hungarian", "romania",
	"romanian", "romanian", "bulgaria", "bulgarian", "bulgarian",
	"slovakia", "slovak", "slovak", "luxembourg", "luxembourgish",
	"luxembourger", "colombia", "colombian", "colombian", "ecuador",
	"ecuadorian", "ecuadorian", "uruguay", "uruguayan", "uruguayan",
	"eritrea", "eritrean", "eritrean", "uganda", "ugandan", "ugandan",
	"africa", "african", "african", NULL
};
/* Audiences after "told": "told reporters the plan failed". */
const char *const cl_en_told_objects[] = {
	"him", "her", "them", "us", "me", "reporters", "journalists",
	"jurors", "lawmakers", "legislators", "senators", "mps", "delegates",
	"investors", "analysts", "shareholders", "employees", "staff",
	"students", "residents", "supporters", "viewers", "listeners",
	"parliament", "congress", "councillors", "colleagues", "members",
	"voters", "parents", "workers", "officials", "judges", "magistrates",
	NULL
};
const char *const cl_en_told_heads[] = {
	"court", "jury", "inquiry", "hearing", "committee", "tribunal",
	"panel", "commission", "council", "meeting", "conference", "audience",
	"crowd", "newspaper", "paper", "station", "broadcaster", "magazine",
	"briefing", "parliament", "senate", "assembly", "house", "agency",
	"chamber", "inquest", "summit", "forum", "rally", "board", "reporter",
	"website", "programme", "program", "podcast", "radio", "outlet",
	NULL
};
/* Relative pronouns: "The agency, which ..., said". */
const char *const cl_en_relatives[] = {
	"which", "who", "whose", "whom", "where", NULL
};
/* Bodies that "the company" (or "the firm", "the operator") may mean. */
const char *const cl_en_firm_heads[] = {
	"company", "firm", "operator", "group", "carrier", "airline",
	"insurer", "lender", "manufacturer", "retailer", "miner",
	"developer", "producer", "maker", "conglomerate", "business",
	"corporation", "contractor", "builder", "supplier", "owner",
	"chain", "bank", "startup", NULL
};

/* Heads after which "of"/"for"/"from" introduces the real source:
 * "part of the letter", "a spokesman for the ministry". */
const char *const cl_en_np_heads_of[] = {
	"part", "parts", "spokesman", "spokeswoman", "spokesperson",
	"spokespeople", "representative", "representatives", "statement",
	"source", "sources", "official", "officials", "member", "members",
	"one", "some", "spokesmen", "lawyer", "lawyers", "attorney", NULL
};

/* The day a claim was made: weekdays, months and abbreviations in
 * order (their index is their number). */
const char *const cl_en_weekdays[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday", NULL
};
const char *const cl_en_months[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december", NULL
};
const char *const cl_en_month_abbrevs[] = {
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
	"nov", "dec", NULL
};
/* Words that start another event's phrase: a day after them dates that
 * event, not the statement ("said of the vote on Sunday"). */
const char *const cl_en_when_stops[] = {
	"of", "about", "regarding", "after", "before", "when", "while", "as",
	"because", "during", "ahead", "since", "until", "following", "for",
	"that", "if", NULL
};
/* Words that may open a sentence's leading time phrase ("On Tuesday,"). */
const char *const cl_en_when_openers[] = {
	"on", "late", "early", "earlier", "yesterday", "today", "tonight",
	"this", "last", NULL
};
/* Words that open a new clause's own subject after "and"/"but". */
const char *const cl_en_subject_openers[] = {
	"the", "a", "an", "its", "their", "his", "her", "this", "these",
	"those", "some", "many", "most", "he", "she", "they", "it", "we",
	"i", "you", "there", "no", "other", "all", NULL
};
/* Periods after "last"/"this" ("said last week"). */
const char *const cl_en_time_periods[] = {
	"week", "month", "year", "night", "weekend", "morning",
	"afternoon", "evening", "summer", "winter", "spring", "autumn",
	"fall", "season", "quarter", NULL
};
/* Parts of a day after "on DAY" ("said on Monday night"). */
const char *const cl_en_day_parts[] = {
	"night", "morning", "afternoon", "evening", NULL
};
/* Label words of a caption ("Photo: ...", "Image caption: ..."). */
const char *const cl_en_caption_labels[] = {
	"photo", "photos", "image", "images", "picture", "pictured",
	"caption", "video", "graphic", "illustration", "file", "top",
	"main", "credit", "watch", "listen", "audio", "gallery", NULL
};

/* ---- questions about one word ----------------------------------------- */

/* Is word i a nationality noun ("Spaniard", "Briton")? */
int cl_x_demonym_noun(const xstate *st, size_t i)
{
	size_t k;

	if (i >= st->nt || st->t[i].kind != T_WORD)
		return 0;
	for (k = 0; cl_en_demonyms[k] != NULL; k += 3)
		if (weq(TWORD(st, i), st->t[i].len, cl_en_demonyms[k + 2]))
			return 1;
	return 0;
}

/* Is word i (possessive or not) a country or nationality word? */
int cl_x_demonym_any(const xstate *st, size_t i)
{
	size_t n = word_len_nopos(st, i);

	return in_list(TWORD(st, i), n, cl_en_demonyms);
}

/* "Co-author", "Vice-chair", "Ex-minister": a hyphenated word whose
 * last part is a role is a title. */
int cl_x_role_compound(const xstate *st, size_t k)
{
	const char *w = TWORD(st, k);
	size_t n = st->t[k].len, h = n;

	while (h > 0 && w[h - 1] != '-')
		h--;
	if (h == 0 || h == n)
		return 0;
	return in_list(w + h, n - h, cl_en_role_words) || in_list(w + h, n - h, cl_en_occupations) ||
	       in_list(w + h, n - h, cl_en_title_words);
}
