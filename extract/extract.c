/*
 * extract.c: claim extraction (see extract.h and SPEC.md).
 *
 * The article is read once, paragraph by paragraph.  A paragraph (or a run
 * of paragraphs joined by a quote that continues across them) becomes a
 * "unit": it is tokenised, its double quote marks are paired, it is cut
 * into sentences, and each sentence is matched against the attribution
 * patterns.  State that crosses units (who "he" is, which body "the
 * statement" came from, which person "the minister" names) lives in small
 * fixed-size rings, so memory is bounded and every step is linear.
 */
#include "extract/extract.h"
#include "extract/internal.h"
#include "base/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- small utilities -------------------------------------------------- */

static int is_upper_at(const char *s, size_t i, size_t n)
{
	size_t w;
	uint32_t c = cl_text_decode(s, i, n, &w);

	return (c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7);
}

/* Case-insensitive (ASCII) compare of s[0..n) with the word w. */
static int weq(const char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (w[i] == '\0')
			return 0;
		if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != (unsigned char)w[i])
			return 0;
	}
	return w[i] == '\0';
}

/* ASCII case-insensitive equality of a[0..n) and b[0..n). */
static int ncaseeq(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x + 32);
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y + 32);
		if (x != y)
			return 0;
	}
	return 1;
}

static int in_list(const char *s, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (weq(s, n, *list))
			return 1;
	return 0;
}

/* ---- lexicons (general English newswire, never article text) ---------- */

/* Verbs that introduce a claim.  `bare` ones may take a clause without
 * "that" ("he said the plan failed"). */
static const char *const cue_bare[] = {
	"said", "says", "say", "added", "adds", "wrote", "writes", "insisted",
	"insists", "claimed", "claims", "argued", "argues", "warned", "warns",
	"stated", "states", "declared", "declares", "asserted", "asserts",
	"maintained", "maintains", "contended", "contends", "accused",
	"accuses", "accusing", "urged", "urges", "urging", "acknowledged",
	"acknowledges", "admitted", "admits", NULL
};
static const char *const cue_that[] = {
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
static const char *const cue_neg[] = {
	"to", "not", "never", "didn't", "did", "would", "could", "might",
	"a", "an", "the", "its", "their", "his", "her", "no", "was", "were",
	"be", "been", "is", "are", NULL
};
static const char *const pron_person[] = {
	"he", "she", "him", "her", NULL
};
static const char *const pron_group[] = {
	"they", "it", "which", "who", NULL
};
static const char *const doc_words[] = {
	"statement", "letter", "text", "communique", "communiqué", "release",
	"report", "document", "declaration", "note", "message", "memo",
	"post", "tweet", "email", "filing", "complaint", "ruling", "decree",
	"resolution", "notice", "bulletin", "circular", "brief", "press",
	NULL
};
/* Heads of descriptor phrases that name a person's role. */
static const char *const role_words[] = {
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
static const char *const title_words[] = {
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
static const char *const occupations[] = {
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
static const char *const title_abbrevs[] = {
	"mr", "mrs", "ms", "mx", "dr", "prof", "gen", "sen", "rep", "gov",
	"lt", "col", "sgt", "capt", "cmdr", "adm", "supt", "insp", "det",
	"rev", "hon", "pres", "st", NULL
};
/* Plural nouns for unnamed groups: never a speaker by themselves. */
static const char *const group_words[] = {
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
static const char *const official_groups[] = {
	"officials", "sources", "spokespeople", "spokesmen", "spokeswomen",
	"representatives", "authorities", "executives", "officers",
	"leaders", "members", "staff", "managers", NULL
};
/* Prepositions of place: a name after them is where, not who. */
static const char *const locatives[] = {
	"in", "at", "near", "outside", "across", "around", "inside",
	"throughout", "from", "on", "along", "beyond", NULL
};
/* Place nouns after a name ("the Cerro neighbourhood"). */
static const char *const place_words[] = {
	"neighbourhood", "neighborhood", "district", "city", "town",
	"village", "area", "region", "province", "county", "state",
	"suburb", "quarter", "borough", "valley", "capital", "country",
	"street", "square", "market", "barrio", "township", "municipality",
	"port", "coast", "island", "islands", "river", "basin", "zone",
	"settlement", "camp", "slum", "estate", "community", NULL
};
/* Data words: "according to the council's own data". */
static const char *const data_words[] = {
	"figures", "data", "numbers", "statistics", "stats", "estimates",
	"records", "survey", "study", "analysis", "projections", "count",
	"tally", "census", "website", "account", "calculations", "audit",
	"review", "forecast", "forecasts", "findings", "results", "models",
	"model", NULL
};
/* Kinds of body: "the union" also means a named Association. */
static const char *const *const org_kinds[] = {
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
static const char *const org_words[] = {
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
static const char *const org_heads[] = {
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
static const char *const firm_suffix[] = {
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
static const char *const cap_stop[] = {
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
static const char *const name_openers[] = {
	"new", "first", "second", "third", NULL
};
/* Months that are also first names, and the words that make them
 * dates. */
static const char *const month_names[] = {
	"jan", "may", "june", "april", "august", NULL
};
static const char *const date_preps[] = {
	"in", "on", "since", "until", "by", "last", "next", "early", "late",
	"mid", "from", "to", "through", "of", "this", "before", "after", NULL
};
/* Capitalised words that make a run a body when it continues with a
 * name link ("Geological Survey of Norway", "Civil Defense of Ceará",
 * "Port of Lisbon"), or that head a body anyway ("Regulatory
 * Authority"). */
static const char *const org_link_heads[] = {
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
static const char *const name_links[] = {
	"of", "de", "la", "del", "van", "von", "der", "den", "al", "el",
	"bin", "ibn", "da", "dos", "das", "do", "di", "du", "le", "y", "for",
	"and", NULL
};
static const char *const adverbs[] = {
	"also", "later", "then", "further", "again", "once", "previously",
	"now", "recently", "separately", "meanwhile", "repeatedly", "had",
	"has", "have", "already", "earlier", "publicly", "privately",
	"reportedly", "allegedly", "firmly", "flatly", "strongly", "openly",
	"has", "himself", "herself", "itself", "themselves", "however",
	"subsequently", "still", "often", "frequently", "yesterday", "today",
	"too", NULL
};
/* Words after a cue that end a speaker phrase ("said Smith in Lima"). */
static const char *const np_stop[] = {
	"which", "who", "whom", "that", "in", "on", "at", "during", "after",
	"before", "while", "when", "as", "to", "from", "late", "last",
	"this", "adding", "referring", "speaking", "according", "and", "but",
	"because", "since", "told", "via", "with", "without", "earlier",
	"about", "on", "into", "under", "outside", "inside", "following",
	"ahead", "amid", "if", "though", "although", NULL
};
static const char *const abbrevs[] = {
	"mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col",
	"sgt", "jr", "sr", "corp", "co", "no", "vs", "etc", "jan", "feb",
	"mar", "apr", "aug", "sep", "sept", "oct", "nov", "dec", "prof",
	"capt", "cmdr", "adm", "rev", "hon", "pres", "approx", "dept", "est",
	"fig", "inc", "ltd", "mt", "ft", "u.s", "u.k", "u.n", "e.g", "i.e",
	NULL
};
static const char *const preps_intro[] = {
	"in", "on", "at", "through", "despite", "after", "before", "during",
	"with", "for", "from", "by", "under", "following", "amid", "since",
	"as", "while", "when", "speaking", "asked", "meanwhile", "earlier",
	"later", "last", "this", "however", "but", "and", "yet", "still",
	"also", "now", "separately", "elsewhere", "until", "over", NULL
};

/* Letters after a name that are honours or ranks, not the name ("Ana
 * Ruiz SC", "John Smith Jr", "Jane Doe MP"). */
static const char *const postnominals[] = {
	"sc", "qc", "kc", "mp", "mep", "msp", "mla", "mpp", "obe", "mbe",
	"cbe", "kbe", "dbe", "phd", "md", "jr", "sr", "esq", "ii", "iii",
	"iv", NULL
};
/* Nationality nouns, with the country and adjective that introduce them:
 * "Spain's Ana Ruiz" or "Spanish rider Ana Ruiz" is later "the
 * Spaniard".  Triples: country, adjective, noun. */
static const char *const demonyms[] = {
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
static const char *const told_objects[] = {
	"him", "her", "them", "us", "me", "reporters", "journalists",
	"jurors", "lawmakers", "legislators", "senators", "mps", "delegates",
	"investors", "analysts", "shareholders", "employees", "staff",
	"students", "residents", "supporters", "viewers", "listeners",
	"parliament", "congress", "councillors", "colleagues", "members",
	"voters", "parents", "workers", "officials", "judges", "magistrates",
	NULL
};
static const char *const told_heads[] = {
	"court", "jury", "inquiry", "hearing", "committee", "tribunal",
	"panel", "commission", "council", "meeting", "conference", "audience",
	"crowd", "newspaper", "paper", "station", "broadcaster", "magazine",
	"briefing", "parliament", "senate", "assembly", "house", "agency",
	"chamber", "inquest", "summit", "forum", "rally", "board", "reporter",
	"website", "programme", "program", "podcast", "radio", "outlet",
	NULL
};
/* Relative pronouns: "The agency, which ..., said". */
static const char *const relatives[] = {
	"which", "who", "whose", "whom", "where", NULL
};
/* Bodies that "the company" (or "the firm", "the operator") may mean. */
static const char *const firm_heads[] = {
	"company", "firm", "operator", "group", "carrier", "airline",
	"insurer", "lender", "manufacturer", "retailer", "miner",
	"developer", "producer", "maker", "conglomerate", "business",
	"corporation", "contractor", "builder", "supplier", "owner",
	"chain", "bank", "startup", NULL
};

/* ---- tokens ----------------------------------------------------------- */

enum { T_WORD, T_PUNCT, T_QMARK };
enum { R_STRAY, R_OPEN, R_CLOSE, R_CONT };

typedef struct tok {
	size_t off;
	uint32_t len;
	uint8_t kind;
	uint8_t inq;    /* inside quoted text (not the marks) */
	uint8_t role;   /* for marks: R_* */
	uint8_t cap;    /* word starting with an uppercase letter */
	uint32_t para;  /* paragraph number within the unit */
	int32_t q;      /* quote index in the unit, -1 none */
} tok;

typedef struct qspan {
	size_t open;    /* token index of the opening mark */
	size_t close;   /* token index of the closing mark, or SIZE_MAX */
	size_t first, last; /* first and last content token (first > last: empty) */
	size_t words;
} qspan;

/* Entities seen so far: names of people and bodies. */
#define NENT 64
#define NROLE 64
#define NAMEMAX 128

typedef struct ent {
	char name[NAMEMAX];
	int person;
	size_t seen;
} ent;

typedef struct rolemap {
	char role[48];
	char name[NAMEMAX];
	size_t seen;
} rolemap;

typedef struct xstate {
	const char *buf;
	size_t len;
	const cl_aliases *al;
	cl_extraction *x;
	size_t cap;            /* claims allocated */
	/* unit */
	tok *t;
	size_t nt, tcap;
	qspan *qs;
	size_t nq, qcap;
	uint8_t *headline;     /* per paragraph of the unit */
	size_t nhead, headcap;
	/* discourse */
	ent ents[NENT];
	size_t nents;
	rolemap roles[NROLE];
	size_t nroles;
	size_t clock;
	char salient[NAMEMAX];     /* last person in subject/speaker position */
	char lastperson[NAMEMAX];  /* last person named anywhere */
	char lastorg[NAMEMAX];     /* last body that spoke or issued a text */
	char lastspk[NAMEMAX];     /* speaker of the last claim */
	int lastspk_person;
	size_t lastspk_unit;
	size_t subj_unit;          /* unit where salient was a subject */
	size_t unit_no;
	size_t doc_unit, doc_sent; /* sentence whose documents were noted */
	int oom;
	/* the claim being added: its cue and its tokens, for its date */
	size_t d_cue, d_a, d_b, d_skip0;
	const uint8_t *d_skip;
} xstate;

#define TWORD(st, i) ((st)->buf + (st)->t[i].off)

static int tok_is(const xstate *st, size_t i, const char *w)
{
	return i < st->nt && st->t[i].kind != T_QMARK &&
	       weq(TWORD(st, i), st->t[i].len, w);
}

static int tok_in(const xstate *st, size_t i, const char *const *list)
{
	return i < st->nt && st->t[i].kind == T_WORD &&
	       in_list(TWORD(st, i), st->t[i].len, list);
}

static int tok_punct(const xstate *st, size_t i, const char *p)
{
	return i < st->nt && st->t[i].kind == T_PUNCT &&
	       st->t[i].len == strlen(p) && memcmp(TWORD(st, i), p, st->t[i].len) == 0;
}

/*
 * Room for one more element in the growable array `arr` holding `n`
 * elements of `size` bytes in a capacity of *cap (doubling from `first`).
 * Returns the array to use from now on, or NULL when out of memory (then
 * `arr` and *cap are as they were).
 */
static void *grow(void *arr, size_t *cap, size_t n, size_t size, size_t first)
{
	size_t nc;
	void *p;

	if (n < *cap)
		return arr;
	nc = *cap ? *cap * 2 : first;
	if (nc > SIZE_MAX / size || (p = realloc(arr, nc * size)) == NULL)
		return NULL;
	*cap = nc;
	return p;
}

static int push_tok(xstate *st, const tok *t)
{
	tok *a = grow(st->t, &st->tcap, st->nt, sizeof *a, 1024);

	if (a == NULL)
		return CL_ENOMEM;
	st->t = a;
	st->t[st->nt++] = *t;
	return CL_OK;
}

static int push_q(xstate *st, const qspan *q)
{
	qspan *a = grow(st->qs, &st->qcap, st->nq, sizeof *a, 64);

	if (a == NULL)
		return CL_ENOMEM;
	st->qs = a;
	st->qs[st->nq++] = *q;
	return CL_OK;
}

static int push_head(xstate *st, uint8_t h)
{
	uint8_t *a = grow(st->headline, &st->headcap, st->nhead, 1, 16);

	if (a == NULL)
		return CL_ENOMEM;
	st->headline = a;
	st->headline[st->nhead++] = h;
	return CL_OK;
}

/*
 * Tokenise buf[ps..pe) as paragraph `para` of the unit, pairing quote
 * marks on the way.  *inq / *qi carry the open quote across paragraphs;
 * `cont` says the paragraph's first mark continues that quote.
 */
static int tokenize_para(xstate *st, size_t ps, size_t pe, uint32_t para,
			 int *inq, int cont)
{
	const char *s = st->buf;
	size_t i = ps, w;
	int rc = CL_OK;
	int first_mark = 1;

	while (i < pe) {
		uint32_t c = cl_text_decode(s, i, pe, &w);
		tok t;
		int qk;

		memset(&t, 0, sizeof t);
		t.para = para;
		t.q = -1;
		if (cl_text_is_space(c)) {
			i += w;
			continue;
		}
		t.off = i;
		qk = cl_text_qmark(c);
		if (qk != CL_QMARK_NONE) {
			uint32_t pc = i > ps ? cl_text_decode_prev(s, i, pe) : ' ';
			size_t w2;
			uint32_t nc = i + w < pe ? cl_text_decode(s, i + w, pe, &w2) : 0;
			int next_ok = nc != 0 && !cl_text_is_space(nc) &&
				      !(nc < 0x80 && strchr(".,;:!?)]", (int)nc));
			int prev_word = !cl_text_is_space(pc) && !(pc < 0x80 && strchr("([{/-", (int)pc)) &&
					pc != 0x2014 && pc != 0x2013 && i > ps;
			t.kind = T_QMARK;
			t.len = (uint32_t)w;
			if (*inq) {
				qspan *q = &st->qs[st->nq - 1];
				if (cont && first_mark) {
					t.role = R_CONT;
				} else if (q->words == 0 && st->t[st->nt - 1].kind == T_QMARK &&
					   (qk == CL_QMARK_OPEN || qk == CL_QMARK_GUIL_OPEN)) {
					t.role = R_STRAY; /* a doubled opening mark */
				} else {
					t.role = R_CLOSE;
					q->close = st->nt;
					*inq = 0;
				}
				t.q = (int32_t)(st->nq - 1);
			} else {
				int open;
				if (qk == CL_QMARK_GUIL_OPEN)
					open = nc != 0;
				else if (qk == CL_QMARK_OPEN)
					open = next_ok;
				else /* closing glyph or straight mark */
					open = next_ok && !prev_word;
				if (open) {
					qspan q = { st->nt, SIZE_MAX, st->nt + 1, st->nt, 0 };
					rc = push_q(st, &q);
					if (rc != CL_OK)
						goto out;
					t.role = R_OPEN;
					t.q = (int32_t)(st->nq - 1);
					*inq = 1;
				} else {
					t.role = R_STRAY;
				}
			}
			first_mark = 0;
			i += w;
			rc = push_tok(st, &t);
			if (rc != CL_OK)
				goto out;
			continue;
		}
		first_mark = 0;
		if (cl_text_is_wordch(c)) {
			size_t j = cl_text_word_end(s, i, pe);
			t.kind = T_WORD;
			t.cap = (uint8_t)is_upper_at(s, i, pe);
			t.len = (uint32_t)(j - i);
			i = j;
		} else {
			t.kind = T_PUNCT;
			t.len = (uint32_t)w;
			i += w;
		}
		if (*inq) {
			t.inq = 1;
			t.q = (int32_t)(st->nq - 1);
			if (st->qs[st->nq - 1].words == 0 || st->qs[st->nq - 1].first > st->nt)
				st->qs[st->nq - 1].first = st->nt;
			st->qs[st->nq - 1].last = st->nt;
			if (t.kind == T_WORD)
				st->qs[st->nq - 1].words++;
		}
		rc = push_tok(st, &t);
		if (rc != CL_OK)
			goto out;
	}
out:
	return rc;
}

/* ---- claims and text -------------------------------------------------- */

static char *dupn(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/*
 * Text of tokens [a..b] skipping quote marks and tokens flagged in skip
 * (may be NULL), one space where the article had space or a quote mark
 * between two words.  Returns a malloc'd string or NULL.
 */
static char *build_text(const xstate *st, size_t a, size_t b,
			const uint8_t *skip, size_t skip0)
{
	size_t cap = 64, n = 0, i, prev_end = SIZE_MAX;
	char *out = malloc(cap);
	int prev_word = 0;

	if (out == NULL)
		return NULL;
	for (i = a; i <= b && i < st->nt; i++) {
		const tok *t = &st->t[i];
		int gap_space = 0, gap_mark = 0;
		size_t k;

		if (t->kind == T_QMARK || (skip && skip[i - skip0]))
			continue;
		if (prev_end != SIZE_MAX) {
			for (k = prev_end; k < t->off; k++) {
				unsigned char c = (unsigned char)st->buf[k];
				if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
				    (c == 0xc2 && k + 1 < t->off &&
				     (unsigned char)st->buf[k + 1] == 0xa0))
					gap_space = 1;
				else if (c == '"' || c == 0xe2 || c == 0xc2)
					gap_mark = 1;
			}
		}
		/* "opinions. ." from a stray mark between two stops: keep one. */
		if (t->kind == T_PUNCT && t->len == 1 && n > 0 &&
		    strchr(".!?,", st->buf[t->off]) && out[n - 1] == st->buf[t->off])
			continue;
		if (n + t->len + 2 > cap) {
			char *nb;
			while (n + t->len + 2 > cap)
				cap *= 2;
			nb = realloc(out, cap);
			if (nb == NULL) {
				free(out);
				return NULL;
			}
			out = nb;
		}
		if (n > 0 && (gap_space || (gap_mark && t->kind == T_WORD && prev_word)))
			out[n++] = ' ';
		memcpy(out + n, st->buf + t->off, t->len);
		n += t->len;
		prev_end = t->off + t->len;
		prev_word = t->kind == T_WORD || (t->kind == T_PUNCT &&
			    strchr(".,;:!?", st->buf[t->off]) != NULL);
	}
	out[n] = '\0';
	return out;
}

static size_t tok_end(const xstate *st, size_t i)
{
	return st->t[i].off + st->t[i].len;
}

/* Context: the sentence's bytes with space runs collapsed, capped. */
static char *build_context(const xstate *st, size_t a, size_t b)
{
	size_t from = st->t[a].off, to = tok_end(st, b), i, n = 0;
	char *out = malloc(CL_EXTRACT_CONTEXT_MAX + 1);
	int sp = 0;

	if (out == NULL)
		return NULL;
	for (i = from; i < to && n < CL_EXTRACT_CONTEXT_MAX; i++) {
		char c = st->buf[i];
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			sp = 1;
			continue;
		}
		if (sp && n > 0) {
			out[n++] = ' ';
			if (n >= CL_EXTRACT_CONTEXT_MAX)
				break;
		}
		sp = 0;
		out[n++] = c;
	}
	/* Do not end inside a multi-byte character. */
	if (i < to) {
		while (n > 0 && ((unsigned char)out[n - 1] & 0xc0) == 0x80)
			n--;
		if (n > 0 && ((unsigned char)out[n - 1] & 0xc0) == 0xc0)
			n--;
	}
	out[n] = '\0';
	return out;
}

static void attr_when(const xstate *st, size_t s, size_t e, cl_when *w);

static int add_claim(xstate *st, char *text, const char *speaker,
		     const char *kind, size_t off, size_t len, size_t sa,
		     size_t sb)
{
	cl_claim *c;
	int rc = CL_OK;

	if (text == NULL) {
		rc = CL_ENOMEM;
		goto out;
	}
	if ((c = grow(st->x->claims, &st->cap, st->x->nclaims, sizeof *c, 16)) == NULL) {
		rc = CL_ENOMEM;
		goto out;
	}
	st->x->claims = c;
	c = &st->x->claims[st->x->nclaims];
	memset(c, 0, sizeof *c);
	c->text = text;
	text = NULL;
	c->kind = kind;
	c->offset = off;
	c->length = len;
	c->speaker = dupn(speaker, strlen(speaker));
	c->context = build_context(st, sa, sb);
	attr_when(st, sa, sb, &c->when);
	{
		char day[11];
		int known = cl_when_resolve(&c->when, st->x->date, day);
		c->date = known ? dupn(day, 10) : NULL;
		st->x->nclaims++;
		if (c->speaker == NULL || c->context == NULL || (known && c->date == NULL))
			rc = CL_ENOMEM;
	}
out:
	free(text);
	return rc;
}

/* ---- names, entities and roles ---------------------------------------- */

static void copy_name(char *dst, const char *src, size_t n)
{
	if (n >= NAMEMAX)
		n = NAMEMAX - 1;
	/* Never cut a character in half. */
	while (n > 0 && n < strlen(src) && ((unsigned char)src[n] & 0xc0) == 0x80)
		n--;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static ent *ent_find(xstate *st, const char *name)
{
	size_t i;

	for (i = 0; i < st->nents && i < NENT; i++)
		if (strcmp(st->ents[i].name, name) == 0)
			return &st->ents[i];
	return NULL;
}

static void ent_note(xstate *st, const char *name, int person)
{
	ent *e = ent_find(st, name);
	size_t i, old = 0;

	st->clock++;
	if (e == NULL) {
		if (st->nents < NENT) {
			e = &st->ents[st->nents++];
		} else {
			/* Replace the least recently seen. */
			for (i = 1; i < NENT; i++)
				if (st->ents[i].seen < st->ents[old].seen)
					old = i;
			e = &st->ents[old];
		}
		copy_name(e->name, name, strlen(name));
		e->person = person;
	}
	e->seen = st->clock;
	if (person)
		copy_name(st->lastperson, e->name, strlen(e->name));
}

/* A known person whose last name is `w` ("Mendel" -> "Tomas Mendel"). */
static const char *person_by_surname(const xstate *st, const char *w, size_t n)
{
	size_t i, best = SIZE_MAX;

	for (i = 0; i < st->nents; i++) {
		const char *nm = st->ents[i].name, *sp;
		if (!st->ents[i].person)
			continue;
		sp = strrchr(nm, ' ');
		sp = sp ? sp + 1 : nm;
		if (strlen(sp) == n && strncmp(sp, w, n) == 0 &&
		    (best == SIZE_MAX || st->ents[i].seen > st->ents[best].seen))
			best = i;
	}
	return best == SIZE_MAX ? NULL : st->ents[best].name;
}

/* A known person whose name ends with the words w[0..n) and has more
 * before them ("Van Loon" -> "Joris Van Loon"). */
static const char *person_by_suffix(const xstate *st, const char *w, size_t n)
{
	size_t i, best = SIZE_MAX;

	for (i = 0; i < st->nents; i++) {
		const char *nm = st->ents[i].name;
		size_t l = strlen(nm);
		if (!st->ents[i].person || l <= n + 1 || nm[l - n - 1] != ' ' ||
		    !ncaseeq(nm + l - n, w, n))
			continue;
		if (best == SIZE_MAX || st->ents[i].seen > st->ents[best].seen)
			best = i;
	}
	return best == SIZE_MAX ? NULL : st->ents[best].name;
}

static void role_note(xstate *st, const char *role, size_t rn, const char *name)
{
	size_t i, old = 0;
	rolemap *r = NULL;

	if (rn == 0 || rn >= sizeof r->role)
		return;
	st->clock++;
	for (i = 0; i < st->nroles; i++) {
		if (strlen(st->roles[i].role) == rn &&
		    memcmp(st->roles[i].role, role, rn) == 0) {
			r = &st->roles[i];
			break;
		}
	}
	if (r == NULL) {
		if (st->nroles < NROLE) {
			r = &st->roles[st->nroles++];
		} else {
			for (i = 1; i < NROLE; i++)
				if (st->roles[i].seen < st->roles[old].seen)
					old = i;
			r = &st->roles[old];
		}
		memcpy(r->role, role, rn);
		r->role[rn] = '\0';
	}
	copy_name(r->name, name, strlen(name));
	r->seen = st->clock;
}

static const char *role_find(const xstate *st, const char *role, size_t rn)
{
	size_t i;

	for (i = 0; i < st->nroles; i++)
		if (strlen(st->roles[i].role) == rn &&
		    strncmp(st->roles[i].role, role, rn) == 0)
			return st->roles[i].name;
	return NULL;
}

/* Lowercase copy of word i into w (ASCII only). */
static size_t lower_word(const xstate *st, size_t i, char *w, size_t wsz)
{
	size_t n = st->t[i].len, k;

	if (n >= wsz)
		n = wsz - 1;
	for (k = 0; k < n; k++) {
		char c = TWORD(st, i)[k];
		w[k] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
	}
	w[n] = '\0';
	return n;
}

static size_t word_len_nopos(const xstate *st, size_t i);

/* Is word i a nationality noun ("Spaniard", "Briton")? */
static int demonym_noun(const xstate *st, size_t i)
{
	size_t k;

	if (i >= st->nt || st->t[i].kind != T_WORD)
		return 0;
	for (k = 0; demonyms[k] != NULL; k += 3)
		if (weq(TWORD(st, i), st->t[i].len, demonyms[k + 2]))
			return 1;
	return 0;
}

/* "Spain's Ana Ruiz", "Spanish rider Ana Ruiz": word i (a country's
 * possessive or an adjective) gives `name` its nationality nouns. */
static void demonyms_note(xstate *st, size_t i, const char *name)
{
	size_t k, n;

	if (i >= st->nt || st->t[i].kind != T_WORD || !st->t[i].cap)
		return;
	n = word_len_nopos(st, i);
	for (k = 0; demonyms[k] != NULL; k += 3) {
		int hit = n != st->t[i].len ? weq(TWORD(st, i), n, demonyms[k])
					    : weq(TWORD(st, i), n, demonyms[k + 1]);
		if (hit)
			role_note(st, demonyms[k + 2], strlen(demonyms[k + 2]), name);
	}
}

/* Map every role word of tokens [a..b] to `name`. */
static void roles_from(xstate *st, size_t a, size_t b, const char *name)
{
	size_t i;
	char w[48];

	for (i = a; i <= b && i < st->nt; i++) {
		if (st->t[i].kind != T_WORD)
			continue;
		if (tok_in(st, i, role_words) || tok_in(st, i, occupations)) {
			size_t n = lower_word(st, i, w, sizeof w);
			role_note(st, w, n, name);
		}
	}
}

/* Alias lookup on the bytes of tokens [a..b]. */
static const char *alias_span(const xstate *st, size_t a, size_t b)
{
	char tmp[256];
	size_t from = st->t[a].off, to = tok_end(st, b);

	if (st->al == NULL || to - from >= sizeof tmp)
		return NULL;
	memcpy(tmp, st->buf + from, to - from);
	tmp[to - from] = '\0';
	return cl_aliases_lookup(st->al, tmp);
}

/* Strip a possessive "’s" / "'s" from the length of word i. */
static size_t word_len_nopos(const xstate *st, size_t i)
{
	const char *w = TWORD(st, i);
	size_t n = st->t[i].len;

	if (n > 2 && w[n - 1] == 's' && w[n - 2] == '\'')
		return n - 2;
	if (n > 4 && w[n - 1] == 's' && (unsigned char)w[n - 2] == 0x99 &&
	    (unsigned char)w[n - 3] == 0x80 && (unsigned char)w[n - 4] == 0xe2)
		return n - 4;
	return n;
}

static int is_person_canon(const xstate *st, const char *name)
{
	size_t i;

	for (i = 0; i < st->nents; i++)
		if (strcmp(st->ents[i].name, name) == 0)
			return st->ents[i].person;
	return 0;
}

/* A known body whose name starts with the words w[0..n) and goes on. */
static const char *body_by_prefix(const xstate *st, const char *w, size_t n)
{
	size_t i, best = SIZE_MAX;

	for (i = 0; i < st->nents; i++) {
		const char *nm = st->ents[i].name;
		if (st->ents[i].person || strlen(nm) <= n + 1 ||
		    strncmp(nm, w, n) != 0 || nm[n] != ' ')
			continue;
		if (best == SIZE_MAX || st->ents[i].seen > st->ents[best].seen)
			best = i;
	}
	return best == SIZE_MAX ? NULL : st->ents[best].name;
}

/* Does the capitalised run [i..j) hold a body's head word? */
static int run_has_org(const xstate *st, size_t i, size_t j)
{
	size_t q;

	for (q = i; q < j && q < st->nt; q++)
		if (st->t[q].kind == T_WORD && st->t[q].cap &&
		    (tok_in(st, q, org_words) || tok_in(st, q, org_link_heads)))
			return 1;
	return 0;
}

/* At the comma j: ", X and Y" (capitalised words, at most 8 tokens)
 * returns the index after Y, else j. */
static size_t org_list_end(const xstate *st, size_t j, size_t lim)
{
	size_t q = j;
	int and_seen = 0;

	if (!tok_punct(st, j, ","))
		return j;
	for (q = j + 1; q <= lim && q - j <= 8; q++) {
		if (st->t[q].inq)
			return j;
		if (tok_punct(st, q, ",") && !and_seen)
			continue;
		if (st->t[q].kind != T_WORD)
			break;
		if (tok_is(st, q, "and")) {
			if (and_seen || !st->t[q - 1].cap)
				return j;
			and_seen = 1;
			continue;
		}
		if (!st->t[q].cap || tok_in(st, q, cap_stop))
			break;
		if (and_seen && (q + 1 > lim || st->t[q + 1].kind != T_WORD ||
				 !st->t[q + 1].cap))
			return q + 1;
	}
	return j;
}

/* Is word i (possessive or not) a country or nationality word? */
static int demonym_any(const xstate *st, size_t i)
{
	size_t n = word_len_nopos(st, i);

	return in_list(TWORD(st, i), n, demonyms);
}

/* "Co-author", "Vice-chair", "Ex-minister": a hyphenated word whose
 * last part is a role is a title. */
static int role_compound(const xstate *st, size_t k)
{
	const char *w = TWORD(st, k);
	size_t n = st->t[k].len, h = n;

	while (h > 0 && w[h - 1] != '-')
		h--;
	if (h == 0 || h == n)
		return 0;
	return in_list(w + h, n - h, role_words) || in_list(w + h, n - h, occupations) ||
	       in_list(w + h, n - h, title_words);
}

typedef struct nameinfo {
	size_t a, b;       /* tokens of the name proper (titles stripped) */
	size_t ta;         /* first token including titles */
	int person;
	int has_title;
	int org;           /* has a body word ("Ministry", "Corp") */
	char name[NAMEMAX];
} nameinfo;

/*
 * Find the capitalised run starting at token i (out of quotes, within
 * [i..lim]); fill ni.  Returns the index after the run, or i when there
 * is no name at i.
 */
static size_t scan_name(xstate *st, size_t i, size_t lim, size_t sent_start,
			nameinfo *ni)
{
	size_t j = i, a, b, k, n = 0, org_k = SIZE_MAX, post = 0, end;
	char buf[NAMEMAX];
	const char *al;
	int org = 0, the_before;

	if (i > lim || st->t[i].kind != T_WORD || !st->t[i].cap || st->t[i].inq)
		return i;
	/* "The Third District Court", "New York": an ordinal or "New"
	 * opens a name when a capitalised word follows. */
	/* "Jan De Vries", "May Tan": a month that is also a first name,
	 * unless a date preposition comes before it ("in May Smith …"). */
	if (tok_in(st, i, cap_stop) &&
	    !(tok_in(st, i, name_openers) && i + 1 <= lim && st->t[i + 1].kind == T_WORD &&
	      st->t[i + 1].cap && !st->t[i + 1].inq && !tok_in(st, i + 1, cap_stop)) &&
	    !(tok_in(st, i, month_names) && i + 1 <= lim && st->t[i + 1].kind == T_WORD &&
	      st->t[i + 1].cap && !st->t[i + 1].inq && !tok_in(st, i + 1, cap_stop) &&
	      !(i > sent_start && tok_in(st, i - 1, date_preps))))
		return i;
	/* Extend over capitalised words and name links. */
	while (j <= lim && !st->t[j].inq) {
		if (st->t[j].kind != T_WORD) {
			/* "Ministry of Trade, Industry and Labour": a
			 * body's name goes on through ", X and Y". */
			size_t q = org_list_end(st, j, lim);
			if (q > j && run_has_org(st, i, j)) {
				j = q;
				continue;
			}
			break;
		}
		if (st->t[j].cap && (!tok_in(st, j, cap_stop) || j == i)) {
			j++;
			if (word_len_nopos(st, j - 1) != st->t[j - 1].len)
				break;
			/* "Dr. Ana Li": a title abbreviation and its dot. */
			if (tok_in(st, j - 1, title_abbrevs) && j + 1 <= lim &&
			    tok_punct(st, j, ".") && st->t[j + 1].kind == T_WORD &&
			    st->t[j + 1].cap && !st->t[j + 1].inq &&
			    !tok_in(st, j + 1, cap_stop))
				j++;
			continue;
		}
		/* "Ministry of the Environment": in a body's name, "of the"
		 * or "for the" goes on to a capitalised word. */
		if ((tok_is(st, j, "of") || tok_is(st, j, "for")) && j + 2 <= lim &&
		    tok_is(st, j + 1, "the") && st->t[j + 2].kind == T_WORD &&
		    st->t[j + 2].cap && !st->t[j + 2].inq &&
		    !tok_in(st, j + 2, cap_stop) && run_has_org(st, i, j)) {
			j += 2;
			continue;
		}
		if (tok_in(st, j, name_links) && j + 1 <= lim &&
		    st->t[j + 1].kind == T_WORD && st->t[j + 1].cap &&
		    !st->t[j + 1].inq && !tok_in(st, j + 1, cap_stop)) {
			/* "Rhea Kapoor of Harbor Analytics": a person's name
			 * (two words that are neither titles nor body words)
			 * ends before "of"/"for"/"at" + a body. */
			if (tok_is(st, j, "of") || tok_is(st, j, "for") || tok_is(st, j, "at")) {
				size_t q, plain = 0, orgw = 0;
				for (q = i; q < j; q++) {
					if (tok_in(st, q, org_words) ||
					    tok_in(st, q, org_link_heads))
						orgw++;
					else if (!tok_in(st, q, title_words) &&
						 !tok_in(st, q, occupations))
						plain++;
				}
				if (plain >= 2 && orgw == 0)
					break;
			}
			j += 1;
			continue;
		}
		break;
	}
	/* "the Spaniard": a nationality is a descriptor, not a name. */
	if (j == i + 1 && demonym_noun(st, i))
		return i;
	/* "the Swedish battery maker", "Kenya": a country or nationality
	 * alone is never a name of a speaker. */
	if (j == i + 1 && demonym_any(st, i))
		return i;
	/* A sentence's first word is capitalised anyway: it is a name only
	 * when more capitals follow or it is already known. */
	if (i == sent_start && j == i + 1) {
		char w[64];
		size_t wn = word_len_nopos(st, i);
		if (wn >= sizeof w)
			return i;
		memcpy(w, TWORD(st, i), wn);
		w[wn] = '\0';
		if (!person_by_surname(st, w, wn) && alias_span(st, i, i) == NULL &&
		    !tok_in(st, i, org_words))
			return i;
	}
	a = i;
	b = j - 1;
	/* Titles: "Foreign Minister Ana Ruiz" is Ana Ruiz, a minister. */
	ni->has_title = 0;
	the_before = i > sent_start && tok_is(st, i - 1, "the");
	for (k = a; k <= b; k++)
		if (tok_in(st, k, org_words) ||
		    (st->t[k].cap && tok_in(st, k, org_link_heads) && k < b &&
		     tok_in(st, k + 1, name_links) && !st->t[k + 1].cap))
			org_k = k;
	org = org_k != SIZE_MAX;
	/* Titles: "Regional Governor Tomás Ibarra" is Tomás Ibarra, a
	 * governor.  Bodies keep their words ("Health Ministry"), unless a
	 * title after the body word starts a person ("Bank of England
	 * Governor Andrew Bailey", "Health Ministry Spokesperson Ana Ruiz"). */
	for (k = b; k-- > a; ) {
		if (tok_in(st, k, title_words) || tok_in(st, k, occupations) ||
		    role_compound(st, k)) {
			/* "Port of Lisbon", "Civil Defense of Ceará": what
			 * follows a title never starts with a link word. */
			if (k + 1 <= b && !st->t[k + 1].cap &&
			    tok_in(st, k + 1, name_links)) {
				org = 1;
				if (org_k == SIZE_MAX)
					org_k = k;
				break;
			}
			if (!org || org_k < k) {
				a = k + 1;
				while (a < b && st->t[a].kind != T_WORD)
					a++;
				ni->has_title = 1;
				org = 0;
			}
			break;
		}
	}
	/* "Martin Lee SC", "John Smith Jr": honours after a name are not
	 * part of it. */
	while (b > a && tok_in(st, b, postnominals) && st->t[b].cap) {
		b--;
		post++;
	}
	/* "the managing director of Acme Civil", "an analyst at Kvarner
	 * Capital": after a role and of/at/for, a name is a body. */
	if (!ni->has_title && i >= sent_start + 2) {
		size_t p = i - 1;
		if (tok_is(st, p, "the") && p > sent_start)
			p--;
		if (p > sent_start && (tok_is(st, p, "of") || tok_is(st, p, "at") ||
				       tok_is(st, p, "for")) &&
		    !st->t[p - 1].cap && (tok_in(st, p - 1, role_words) ||
					  tok_in(st, p - 1, occupations)))
			org = 1;
	}
	/* "the state water utility AQN": a name right after a body word is
	 * that body's name. */
	if (!ni->has_title && i > sent_start && st->t[i - 1].kind == T_WORD &&
	    !st->t[i - 1].cap && tok_in(st, i - 1, org_heads))
		org = 1;
	/* "the Sanchez administration", "the Sindicato Norte union": a
	 * lowercase body word after the run makes it a body.  Named after a
	 * person or one word, the body word is part of the name. */
	if (b + 1 <= lim && st->t[b + 1].kind == T_WORD && !st->t[b + 1].cap &&
	    tok_in(st, b + 1, org_words)) {
		char w[64];
		size_t wn = word_len_nopos(st, b);
		int known = 0;
		if (wn < sizeof w) {
			memcpy(w, TWORD(st, b), wn);
			w[wn] = '\0';
			known = person_by_surname(st, w, wn) != NULL;
		}
		org = 1;
		if (known || a == b)
			b++;
	}
	for (k = a; k <= b; k++) {
		size_t wn = k == b ? word_len_nopos(st, k) : st->t[k].len;
		size_t gap = k > a && st->t[k].kind == T_WORD ? 1 : 0;
		if (n + gap + wn >= sizeof buf)
			break;
		if (gap)
			buf[n++] = ' ';
		memcpy(buf + n, TWORD(st, k), wn);
		n += wn;
	}
	buf[n] = '\0';
	if (n == 0)
		return i;
	ni->a = a;
	ni->b = b;
	ni->ta = i;
	ni->org = org;
	end = b + 1 + post;
	al = cl_aliases_lookup(st->al, buf);
	if (al == NULL && the_before) {
		char tb[NAMEMAX + 4];
		memcpy(tb, "the ", 4);
		memcpy(tb + 4, buf, n + 1);
		al = cl_aliases_lookup(st->al, tb);
	}
	/* "the UK Health Agency (UKHSA)" taught the article's own
	 * acronym. */
	if (al == NULL && a == b && n + 2 < 48) {
		char key[48];
		size_t kn;
		key[0] = '#';
		kn = lower_word(st, a, key + 1, sizeof key - 1);
		al = role_find(st, key, kn + 1);
	}
	if (al != NULL) {
		copy_name(ni->name, al, strlen(al));
		/* Canonical names of bodies are the common case; a person
		 * alias is one the article has already named in full. */
		ni->person = is_person_canon(st, al);
		return j > end ? j : end;
	}
	{
		const char *sur = (b == a) ? person_by_surname(st, buf, n)
					   : person_by_suffix(st, buf, n);
		const char *full = NULL;
		const ent *e;
		if (sur != NULL && !org) {
			copy_name(ni->name, sur, strlen(sur));
			ni->person = 1;
			return end;
		}
		/* "Northern Quay" after "Northern Quay Holdings": the
		 * short form of a body already named. */
		if (!ni->has_title)
			full = body_by_prefix(st, buf, n);
		if (full != NULL) {
			copy_name(ni->name, full, strlen(full));
			ni->person = 0;
			return end;
		}
		/* A name the article already knows keeps its kind. */
		e = ent_find(st, buf);
		if (e != NULL && !ni->has_title && !org) {
			copy_name(ni->name, buf, n);
			ni->person = e->person;
			return end;
		}
	}
	copy_name(ni->name, buf, n);
	ni->person = !org && (b - a) < 4 &&
		     (ni->has_title || (!the_before && b > a));
	return end;
}

/* ---- speaker phrases --------------------------------------------------- */

/* The kind list `head` belongs to ("union" -> union, association, ...),
 * or NULL. */
static const char *const *org_kind(const char *head, size_t hn)
{
	size_t i;

	for (i = 0; org_kinds[i]; i++)
		if (in_list(head, hn, org_kinds[i]))
			return org_kinds[i];
	return NULL;
}

/* Does the word w[0..wn) name a body of the kind of `head`? */
static int org_word_is(const char *w, size_t wn, const char *head, size_t hn,
		       const char *const *kind, int firm)
{
	return (wn == hn && weq(w, wn, head)) ||
	       (kind != NULL && in_list(w, wn, kind)) ||
	       (firm && in_list(w, wn, firm_suffix));
}

/* Remember that `name` was introduced as "the <head>" ("the state water
 * utility AQN", "The teachers' union, the Lakeshore Teachers
 * Association"). */
static void orgrole_note(xstate *st, size_t k, const char *name)
{
	char w[48];
	size_t n;

	w[0] = '@';
	n = lower_word(st, k, w + 1, sizeof w - 1);
	if (n > 2 && w[n] == 's' && w[n - 1] == '\'')
		n -= 2;     /* "union's" */
	role_note(st, w, n + 1, name);
}

/*
 * The last body of the kind `head` names ("the ministry", "the company",
 * "the union"): a body whose name has that word or a word of the same
 * kind (Association for union, Corp or Terminals for company), or one
 * the article introduced with that word.
 */
static const char *org_by_head(const xstate *st, const char *head, size_t hn)
{
	size_t i, best = SIZE_MAX, bseen = 0;
	const char *bname = NULL;
	int firm = in_list(head, hn, firm_heads);
	const char *const *kind = org_kind(head, hn);

	for (i = 0; i < st->nents; i++) {
		const char *nm = st->ents[i].name;
		size_t k;
		int hit = 0;
		if (st->ents[i].person)
			continue;
		/* word-wise case-insensitive containment */
		for (k = 0; nm[k]; ) {
			size_t e = k;
			while (nm[e] && nm[e] != ' ')
				e++;
			if (org_word_is(nm + k, e - k, head, hn, kind, firm))
				hit = 1;
			k = nm[e] ? e + 1 : e;
		}
		if (hit && (best == SIZE_MAX || st->ents[i].seen > st->ents[best].seen))
			best = i;
	}
	if (best != SIZE_MAX) {
		bname = st->ents[best].name;
		bseen = st->ents[best].seen;
	}
	for (i = 0; i < st->nroles; i++) {
		const rolemap *r = &st->roles[i];
		if (r->role[0] != '@' || r->seen <= bseen)
			continue;
		if (org_word_is(r->role + 1, strlen(r->role + 1), head, hn, kind, firm) ||
		    (firm && in_list(r->role + 1, strlen(r->role + 1), firm_heads))) {
			bname = r->name;
			bseen = r->seen;
		}
	}
	return bname;
}

/* "the company" when no body of that kind is known: the last body that
 * spoke or was a subject, if its name says nothing of another kind
 * ("Stonegate Civil", not "the Health Department"). */
static const char *firm_fallback(const xstate *st)
{
	const char *nm = st->lastorg;
	size_t k = 0;

	if (nm[0] == '\0')
		return NULL;
	while (nm[k]) {
		size_t e = k;
		while (nm[e] && nm[e] != ' ')
			e++;
		if (in_list(nm + k, e - k, org_words) || in_list(nm + k, e - k, org_heads))
			return NULL;
		k = nm[e] ? e + 1 : e;
	}
	return nm;
}

/* ---- speaker resolution ----------------------------------------------- */

typedef struct spk {
	char name[NAMEMAX];
	int person;
	int ok;
} spk;

static void spk_set(spk *sp, const char *name, int person)
{
	if (name == NULL || name[0] == '\0')
		return;
	copy_name(sp->name, name, strlen(name));
	sp->person = person;
	sp->ok = 1;
}

/* Heads after which "of"/"for"/"from" introduces the real source:
 * "part of the letter", "a spokesman for the ministry". */
static const char *const np_heads_of[] = {
	"part", "parts", "spokesman", "spokeswoman", "spokesperson",
	"spokespeople", "representative", "representatives", "statement",
	"source", "sources", "official", "officials", "member", "members",
	"one", "some", "spokesmen", "lawyer", "lawyers", "attorney", NULL
};

static size_t subject_pos(const xstate *st, size_t s, size_t e);

/*
 * An unnamed group as speaker ("residents interviewed in ...", "experts",
 * "officials"): returns 1 when tokens [a..b] are one, with *sp set only
 * when a named body is clearly meant ("AQN officials", "officials at the
 * Health Ministry"); 0 when the phrase is not a group.
 */
static int group_np(xstate *st, size_t a, size_t b, size_t sent_start, spk *sp)
{
	size_t k, m;
	nameinfo ni;

	for (k = a; k <= b && k < a + 4; k++) {
		if (st->t[k].kind != T_WORD)
			break;
		if (!tok_in(st, k, group_words))
			continue;
		/* "the residents' association": the group is not the head */
		if (k + 1 <= b && (tok_punct(st, k + 1, "'") || tok_in(st, k + 1, org_words) ||
				   tok_in(st, k + 1, org_heads)))
			return 0;
		if (!tok_in(st, k, official_groups))
			return 1;
		/* "AQN officials", "Health Ministry officials" */
		for (m = a; m < k; ) {
			size_t nm = scan_name(st, m, k - 1, sent_start, &ni);
			if (nm > m) {
				if (!ni.person) {
					spk_set(sp, ni.name, 0);
					return 1;
				}
				m = nm;
			} else {
				m++;
			}
		}
		/* "officials at the Health Ministry", "officials at the
		 * ministry" */
		if (k + 2 <= b && (tok_is(st, k + 1, "at") || tok_is(st, k + 1, "of") ||
				   tok_is(st, k + 1, "from") || tok_is(st, k + 1, "in") ||
				   tok_is(st, k + 1, "with") || tok_is(st, k + 1, "for") ||
				   tok_is(st, k + 1, "inside"))) {
			for (m = k + 2; m <= b; ) {
				size_t nm = scan_name(st, m, b, sent_start, &ni);
				if (nm > m) {
					if (!ni.person && (ni.org || alias_span(st, ni.ta, nm - 1) ||
							   cl_aliases_lookup(st->al, ni.name))) {
						spk_set(sp, ni.name, 0);
						return 1;
					}
					m = nm;
				} else {
					char w[48];
					size_t wn;
					if (st->t[m].kind == T_WORD && !st->t[m].cap &&
					    tok_in(st, m, org_heads)) {
						const char *r;
						wn = lower_word(st, m, w, sizeof w);
						r = org_by_head(st, w, wn);
						if (r != NULL) {
							spk_set(sp, r, 0);
							return 1;
						}
					}
					m++;
				}
			}
		}
		return 1;
	}
	return 0;
}

/*
 * Resolve the speaker phrase in tokens [a..b] into *sp.  `prev` is a
 * speaker already found in this sentence (for "which", "who").
 */
/* "the 29-year-old": an age descriptor names a person. */
static int age_word(const xstate *st, size_t k)
{
	const char *w = TWORD(st, k);
	size_t n = st->t[k].len;

	return st->t[k].kind == T_WORD && n > 9 && w[0] >= '0' && w[0] <= '9' &&
	       weq(w + n - 9, 9, "-year-old");
}

static void resolve_np(xstate *st, size_t a, size_t b, size_t sent_start,
		       const spk *prev, spk *sp)
{
	size_t k;
	char phrase[96];
	size_t pn = 0;
	const char *r;
	nameinfo ni;
	int have_org = 0, doc = 0, role = 0, data = 0, owner = 0;
	char orgname[NAMEMAX] = "";
	int org_person = 0;

	memset(sp, 0, sizeof *sp);
	/* Trim punctuation, marks and adverbs at both ends. */
	while (a <= b && b < st->nt && (st->t[a].kind != T_WORD || tok_in(st, a, adverbs)))
		a++;
	while (b >= a && b < st->nt && (st->t[b].kind != T_WORD || tok_in(st, b, adverbs))) {
		if (b == 0)
			return;
		b--;
	}
	if (a > b || b >= st->nt || b - a > 14)
		return;
	for (k = a; k + 1 <= b; k++) {
		if ((tok_is(st, k + 1, "of") || tok_is(st, k + 1, "for") ||
		     tok_is(st, k + 1, "from") || tok_is(st, k + 1, "by") ||
		     tok_is(st, k + 1, "at")) &&
		    tok_in(st, k, np_heads_of) && k + 2 <= b) {
			a = k + 2;
			break;
		}
	}
	if (a == b && tok_in(st, a, pron_person)) {
		spk_set(sp, st->salient[0] ? st->salient : st->lastperson, 1);
		return;
	}
	if (a == b && tok_in(st, a, pron_group)) {
		if ((tok_is(st, a, "which") || tok_is(st, a, "who")) && prev && prev->ok)
			*sp = *prev;
		else if (st->lastorg[0])
			spk_set(sp, st->lastorg, 0);
		else
			spk_set(sp, st->lastspk, st->lastspk_person);
		return;
	}
	r = alias_span(st, a, b);
	if (r != NULL) {
		spk_set(sp, r, is_person_canon(st, r));
		return;
	}
	if (group_np(st, a, b, sent_start, sp))
		return;
	/* Names in the phrase: a person wins over a body ("the ministry's
	 * spokesman, Ana Ruiz").  A name after a preposition of place that
	 * is not a body ("in the Cerro neighbourhood") is where, not who. */
	for (k = a; k <= b; ) {
		size_t nk;
		/* "(UKHSA)": an acronym in brackets restates the name. */
		if (tok_punct(st, k, "(")) {
			while (k <= b && !tok_punct(st, k, ")"))
				k++;
			k++;
			continue;
		}
		nk = scan_name(st, k, b, sent_start, &ni);
		if (nk > k) {
			size_t p = ni.ta;
			if (p > a && tok_is(st, p - 1, "the"))
				p--;
			if (p > a && tok_in(st, p - 1, locatives) &&
			    (!ni.org || (nk <= b && tok_in(st, nk, place_words)))) {
				k = nk;
				continue;
			}
			/* "the company's filing to the Stock Exchange": a
			 * recipient is not the source. */
			if (p > a && (tok_is(st, p - 1, "to") || tok_is(st, p - 1, "with") ||
				      tok_is(st, p - 1, "against"))) {
				k = nk;
				continue;
			}
			/* "Smith's lawyer": the owner is not the speaker. */
			if (ni.person && nk <= b && st->t[nk].kind == T_WORD &&
			    word_len_nopos(st, ni.b) != st->t[ni.b].len) {
				owner = 1;
				k = nk;
				continue;
			}
			if (ni.person) {
				spk_set(sp, ni.name, 1);
				return;
			}
			/* The head of "Peru's Fisheries Ministry" is the last name. */
			copy_name(orgname, ni.name, strlen(ni.name));
			org_person = 0;
			have_org = 1;
			k = nk;
		} else {
			k++;
		}
	}
	if (have_org) {
		spk_set(sp, orgname, org_person);
		return;
	}
	/* Descriptors. */
	for (k = a; k <= b; k++) {
		if (tok_in(st, k, doc_words))
			doc = 1;
		if (tok_in(st, k, data_words))
			data = 1;
		if (tok_in(st, k, role_words) || tok_in(st, k, occupations) ||
		    demonym_noun(st, k) || age_word(st, k))
			role = 1;
		if (st->t[k].kind == T_WORD && !tok_is(st, k, "the") &&
		    !tok_is(st, k, "a") && !tok_is(st, k, "an") &&
		    !tok_is(st, k, "its") && !tok_is(st, k, "his") &&
		    !tok_is(st, k, "her") && !tok_is(st, k, "their")) {
			char w[48];
			size_t wn = lower_word(st, k, w, sizeof w);
			if (pn + wn + 2 < sizeof phrase) {
				if (pn)
					phrase[pn++] = ' ';
				memcpy(phrase + pn, w, wn);
				pn += wn;
			}
		}
	}
	phrase[pn] = '\0';
	/* "a ministry spokesman": nobody named, so the body speaks; "a
	 * spokesman" alone is anonymous and stays unresolved. */
	if (tok_is(st, a, "a") || tok_is(st, a, "an")) {
		for (k = b + 1; k-- > a; ) {
			char w[48];
			size_t wn;
			if (!tok_in(st, k, org_heads))
				continue;
			wn = lower_word(st, k, w, sizeof w);
			r = org_by_head(st, w, wn);
			if (r != NULL)
				spk_set(sp, r, 0);
			return;
		}
		return;
	}
	/* "according to the council's own data": the body of that
	 * kind. */
	if (doc || data) {
		for (k = a; k <= b; k++) {
			char w[48];
			size_t wn, bn;
			if (st->t[k].kind != T_WORD || st->t[k].cap)
				continue;
			bn = word_len_nopos(st, k);
			if (bn == st->t[k].len)
				continue;
			wn = lower_word(st, k, w, sizeof w);
			if (bn > wn || !in_list(w, bn, org_heads))
				continue;
			r = org_by_head(st, w, bn);
			if (r != NULL)
				spk_set(sp, r, 0);
			return;
		}
	}
	/* "according to its latest bulletin": the text of the sentence's
	 * own subject. */
	if ((doc || data) && a > sent_start) {
		for (k = a; k <= b; k++) {
			if (tok_is(st, k, "its") || tok_is(st, k, "their")) {
				size_t m = subject_pos(st, sent_start, a - 1);
				for (; m != SIZE_MAX && m < a; ) {
					size_t nm = scan_name(st, m, a - 1, sent_start, &ni);
					if (nm > m) {
						spk_set(sp, ni.name, ni.person);
						return;
					}
					m++;
				}
				break;
			}
		}
	}
	if (data)
		return;   /* "official figures": nobody named */
	if (doc) {
		/* "the filing": whoever the article said issued one. */
		for (k = a; k <= b; k++) {
			char w[48];
			size_t wn;
			if (!tok_in(st, k, doc_words))
				continue;
			w[0] = '$';
			wn = lower_word(st, k, w + 1, sizeof w - 1);
			r = role_find(st, w, wn + 1);
			if (r != NULL) {
				spk_set(sp, r, is_person_canon(st, r));
				return;
			}
		}
		if (st->lastorg[0])
			spk_set(sp, st->lastorg, 0);
		else
			spk_set(sp, st->lastspk, st->lastspk_person);
		return;
	}
	/* "the union": a body word heading the phrase names a body even
	 * when it could be a role. */
	if (tok_in(st, b, org_heads) && !tok_in(st, b, occupations)) {
		char w[48];
		size_t wn = lower_word(st, b, w, sizeof w);
		r = org_by_head(st, w, wn);
		if (r == NULL && tok_in(st, b, firm_heads))
			r = firm_fallback(st);
		if (r != NULL) {
			spk_set(sp, r, 0);
			return;
		}
	}
	if (role) {
		r = role_find(st, phrase, pn);
		for (k = b + 1; r == NULL && k-- > a; ) {
			char w[48];
			size_t wn;
			if (!tok_in(st, k, role_words) && !tok_in(st, k, occupations) &&
			    !demonym_noun(st, k))
				continue;
			wn = lower_word(st, k, w, sizeof w);
			r = role_find(st, w, wn);
		}
		/* "Smith's lawyer" with no lawyer named: nobody. */
		if (r == NULL && owner)
			return;
		if (r == NULL)
			r = st->salient[0] ? st->salient : st->lastperson;
		spk_set(sp, r, 1);
		return;
	}
	for (k = b + 1; k-- > a; ) {
		char w[48];
		size_t wn;
		if (!tok_in(st, k, org_heads))
			continue;
		wn = lower_word(st, k, w, sizeof w);
		r = org_by_head(st, w, wn);
		if (r != NULL) {
			spk_set(sp, r, 0);
			return;
		}
	}
}

/* ---- mentions ---------------------------------------------------------- */

/* First token of the sentence's grammatical subject: after an opening
 * adverbial ("In the letter, Washington ...") when there is one. */
static size_t subject_pos(const xstate *st, size_t s, size_t e)
{
	size_t k;

	if (st->t[s].kind == T_WORD && tok_in(st, s, preps_intro)) {
		for (k = s; k <= e && k < s + 30; k++)
			if (tok_punct(st, k, ",") && !st->t[k].inq)
				return k + 1;
		return SIZE_MAX;
	}
	return s;
}

static int is_role_phrase_word(const xstate *st, size_t k)
{
	return st->t[k].kind == T_WORD && !st->t[k].inq;
}

/* Lowercase body words that introduce or follow the body `ni` ending
 * before token nk: "the state water utility AQN", "The teachers' union,
 * the Lakeshore Teachers Association,", "Northern Quay Holdings, the
 * operator,".  Each is noted so that "the utility" later means it. */
static void body_descriptors(xstate *st, size_t s, size_t e, const nameinfo *ni,
			     size_t nk)
{
	size_t p = ni->ta, m;

	if (p > s && !st->t[p - 1].cap && tok_in(st, p - 1, org_heads)) {
		orgrole_note(st, p - 1, ni->name);
		return;
	}
	if (p > s && tok_is(st, p - 1, "the"))
		p--;
	if (p > s + 1 && tok_punct(st, p - 1, ",")) {
		for (m = p - 1; m > s && p - m < 8; m--) {
			size_t k = m - 1;
			if (st->t[k].kind != T_WORD) {
				if (tok_punct(st, k, "'"))
					continue;
				break;
			}
			if (st->t[k].cap && !tok_is(st, k, "the"))
				break;
			if (tok_in(st, k, org_heads))
				orgrole_note(st, k, ni->name);
		}
	}
	if (nk + 2 <= e && tok_punct(st, nk, ",") &&
	    (tok_is(st, nk + 1, "the") || tok_is(st, nk + 1, "a") ||
	     tok_is(st, nk + 1, "an"))) {
		for (m = nk + 2; m <= e && m < nk + 8; m++) {
			if (st->t[m].kind != T_WORD || st->t[m].cap || st->t[m].inq)
				break;
			if (tok_in(st, m, org_heads))
				orgrole_note(st, m, ni->name);
		}
	}
}

/* Record the people and bodies named in [s..e], their roles, and who is
 * the subject. */
static void scan_mentions(xstate *st, size_t s, size_t e)
{
	size_t k, subj = subject_pos(st, s, e);
	nameinfo ni;

	for (k = s; k <= e; ) {
		size_t nk = scan_name(st, k, e, s, &ni);
		size_t m;
		if (nk <= k) {
			k++;
			continue;
		}
		ent_note(st, ni.name, ni.person);
		if (ni.person) {
			char phrase[96];
			size_t pn = 0;
			/* Titles: "Foreign Minister Ana Ruiz". */
			if (ni.ta < ni.a)
				roles_from(st, ni.ta, ni.a - 1, ni.name);
			/* Lowercase role right before: "former congressman X". */
			if (ni.ta > s && tok_in(st, ni.ta - 1, role_words))
				roles_from(st, ni.ta - 1, ni.ta - 1, ni.name);
			/* "Spain's X", "Spanish rider X": later "the Spaniard". */
			if (ni.ta > s) {
				demonyms_note(st, ni.ta - 1, ni.name);
				if (ni.ta > s + 1 && !st->t[ni.ta - 1].cap)
					demonyms_note(st, ni.ta - 2, ni.name);
			}
			/* "its secretary, X," */
			if (ni.ta >= s + 2 && tok_punct(st, ni.ta - 1, ",")) {
				size_t p = ni.ta - 1, lo = p;
				while (lo > s && p - lo < 6 && is_role_phrase_word(st, lo - 1) &&
				       !st->t[lo - 1].cap)
					lo--;
				if (lo < p)
					roles_from(st, lo, p - 1, ni.name);
			}
			/* Appositive after: "X, the top US diplomat," */
			if (nk <= e && tok_punct(st, nk, ",")) {
				for (m = nk + 1; m <= e && m < nk + 12; m++) {
					char w[48];
					size_t wn;
					if (st->t[m].kind != T_WORD || st->t[m].inq)
						break;
					if (m == nk + 1 && st->t[m].cap && !tok_is(st, m, "the"))
						break;
					if (tok_in(st, m, cue_bare) || tok_in(st, m, cue_that))
						break;
					wn = lower_word(st, m, w, sizeof w);
					if (tok_is(st, m, "the") || tok_is(st, m, "a") ||
					    tok_is(st, m, "an"))
						continue;
					if (pn + wn + 2 < sizeof phrase) {
						if (pn)
							phrase[pn++] = ' ';
						memcpy(phrase + pn, w, wn);
						pn += wn;
					}
				}
				if (pn > 0 && m > nk + 1 &&
				    (m > e || tok_punct(st, m, ",") || tok_punct(st, m, ".") ||
				     tok_in(st, m, cue_bare) || tok_in(st, m, cue_that))) {
					phrase[pn] = '\0';
					roles_from(st, nk + 1, m - 1, ni.name);
					role_note(st, phrase, pn, ni.name);
				}
			}
			if (ni.ta == subj || ni.a == subj) {
				copy_name(st->salient, ni.name, strlen(ni.name));
				st->subj_unit = st->unit_no;
			}
		} else {
			if (ni.ta == subj || (subj != SIZE_MAX && ni.ta == subj + 1 &&
					      tok_is(st, subj, "the")))
				/* A body as subject is who "the statement"
				 * comes from. */
				copy_name(st->lastorg, ni.name, strlen(ni.name));
			body_descriptors(st, s, e, &ni, nk);
			/* "the UK Health Agency (UKHSA)": the acronym is the
			 * body from now on. */
			if (nk + 2 <= e && tok_punct(st, nk, "(") &&
			    st->t[nk + 1].kind == T_WORD && tok_punct(st, nk + 2, ")") &&
			    st->t[nk + 1].len >= 2 && st->t[nk + 1].len < 40) {
				const char *w = TWORD(st, nk + 1);
				size_t q, up = 0;
				char key[48];
				for (q = 0; q < st->t[nk + 1].len; q++)
					up += w[q] >= 'A' && w[q] <= 'Z';
				if (up >= 2 && up * 2 > st->t[nk + 1].len) {
					key[0] = '#';
					q = lower_word(st, nk + 1, key + 1, sizeof key - 1);
					role_note(st, key, q + 1, ni.name);
				}
			}
		}
		k = nk;
	}
}

/* ---- cues -------------------------------------------------------------- */

static int is_cue(const xstate *st, size_t i, size_t s)
{
	if (i >= st->nt || st->t[i].kind != T_WORD || st->t[i].inq)
		return 0;
	if (!tok_in(st, i, cue_bare) && !tok_in(st, i, cue_that))
		return 0;
	if (i > s && tok_in(st, i - 1, cue_neg))
		return 0;
	return 1;
}

static int is_abbrev_before(const xstate *st, size_t i);

/* A stop that ends a clause: not the dot of "Dr." or "U.S.". */
static int is_terminal(const xstate *st, size_t i)
{
	return i < st->nt && st->t[i].kind == T_PUNCT && !st->t[i].inq &&
	       strchr(".!?;", st->buf[st->t[i].off]) != NULL && st->t[i].len == 1 &&
	       !(st->buf[st->t[i].off] == '.' && is_abbrev_before(st, i));
}

static size_t count_words(const xstate *st, size_t a, size_t b, const uint8_t *skip,
			  size_t skip0)
{
	size_t k, n = 0;

	for (k = a; k <= b && k < st->nt; k++)
		if (st->t[k].kind == T_WORD && !(skip && skip[k - skip0]))
			n++;
	return n;
}

static void remember_speaker(xstate *st, const spk *sp)
{
	copy_name(st->lastspk, sp->name, strlen(sp->name));
	st->lastspk_person = sp->person;
	st->lastspk_unit = st->unit_no;
	if (sp->person)
		copy_name(st->salient, sp->name, strlen(sp->name));
	else
		copy_name(st->lastorg, sp->name, strlen(sp->name));
}

/* "X said in a statement that …": remember that "the statement" (any
 * document word of sentence [s..e] outside the claim [ca..cb] and out of
 * quotes) came from the speaker. */
static void doc_note(xstate *st, size_t s, size_t e, size_t ca, size_t cb,
		     const spk *sp)
{
	size_t k;

	/* Once a sentence, so that many claims in one sentence stay linear. */
	if (st->doc_unit == st->unit_no + 1 && st->doc_sent == s)
		return;
	st->doc_unit = st->unit_no + 1;
	st->doc_sent = s;
	for (k = s; k <= e && k < st->nt; k++) {
		char w[48];
		size_t wn;
		if ((k >= ca && k <= cb) || st->t[k].inq || !tok_in(st, k, doc_words) ||
		    tok_is(st, k, "press"))
			continue;
		w[0] = '$';
		wn = lower_word(st, k, w + 1, sizeof w - 1);
		role_note(st, w, wn + 1, sp->name);
	}
}

/* ---- the day a claim was made ---------------------------------------------- */

static const char *const weekdays[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday", NULL
};
static const char *const when_months[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december", NULL
};
static const char *const month_abbrs[] = {
	"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
	"nov", "dec", NULL
};
/* Words that start another event's phrase: a day after them dates that
 * event, not the statement ("said of the vote on Sunday"). */
static const char *const when_stops[] = {
	"of", "about", "regarding", "after", "before", "when", "while", "as",
	"because", "during", "ahead", "since", "until", "following", "for",
	"that", "if", NULL
};
/* Words that may open a sentence's leading time phrase ("On Tuesday,"). */
static const char *const when_openers[] = {
	"on", "late", "early", "earlier", "yesterday", "today", "tonight",
	"this", "last", NULL
};

static int list_at(const xstate *st, size_t k, const char *const *list)
{
	int i;

	if (k >= st->nt || st->t[k].kind != T_WORD)
		return -1;
	for (i = 0; list[i]; i++)
		if (weq(TWORD(st, k), st->t[k].len, list[i]))
			return i;
	return -1;
}

/* The month (1-12) named by token k, capitalised: "March", "Nov", "Sept". */
static int month_at(const xstate *st, size_t k)
{
	int m;

	if (k >= st->nt || st->t[k].kind != T_WORD || !st->t[k].cap)
		return 0;
	if ((m = list_at(st, k, when_months)) >= 0 || (m = list_at(st, k, month_abbrs)) >= 0)
		return m + 1;
	if (tok_is(st, k, "sept"))
		return 9;
	return 0;
}

/* The value of token k when it is a number of 1 to 4 digits, with an
 * ordinal ending when `ord` ("21st"); else -1. */
static int number_at(const xstate *st, size_t k, int ord)
{
	const char *w;
	size_t n, i;
	int v = 0;

	if (k >= st->nt || st->t[k].kind != T_WORD)
		return -1;
	w = TWORD(st, k);
	n = st->t[k].len;
	for (i = 0; i < n && i < 5 && w[i] >= '0' && w[i] <= '9'; i++)
		v = v * 10 + (w[i] - '0');
	if (i == 0 || i > 4)
		return -1;
	if (i == n)
		return v;
	if (ord && n - i == 2 && (weq(w + i, 2, "st") || weq(w + i, 2, "nd") ||
				  weq(w + i, 2, "rd") || weq(w + i, 2, "th")))
		return v;
	return -1;
}

static int day_at(const xstate *st, size_t k)
{
	int d = number_at(st, k, 1);

	return d >= 1 && d <= 31 ? d : 0;
}

static int year_at(const xstate *st, size_t k)
{
	int y = number_at(st, k, 0);

	return st->t[k].len == 4 && y >= 1900 && y <= 2099 ? y : 0;
}

/* A calendar date starting at token k, within [k..hi]: "21 November
 * (2021)", "21st of November", "November 21(, 2021)", "Nov. 21", or an
 * ISO "2021-11-21".  Returns the token after it, or 0. */
static size_t calendar_at(const xstate *st, size_t k, size_t hi, cl_when *w)
{
	int d, m, y;
	size_t j;

	if (k > hi || st->t[k].kind != T_WORD)
		return 0;
	if (st->t[k].len == 10) {
		const char *v = TWORD(st, k);
		int ok = 1, i;
		for (i = 0; i < 10; i++)
			ok &= (i == 4 || i == 7) ? v[i] == '-' : (v[i] >= '0' && v[i] <= '9');
		if (ok) {
			w->kind = CL_WHEN_FULL;
			w->y = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
			w->m = (v[5] - '0') * 10 + (v[6] - '0');
			w->d = (v[8] - '0') * 10 + (v[9] - '0');
			return k + 1;
		}
	}
	if ((d = day_at(st, k)) > 0) {
		j = k + 1;
		if (j <= hi && tok_is(st, j, "of"))
			j++;
		if (j > hi || (m = month_at(st, j)) == 0)
			return 0;
		j++;
		if (j <= hi && tok_punct(st, j, ".") && st->t[j - 1].len <= 4)
			j++;
	} else if ((m = month_at(st, k)) > 0) {
		j = k + 1;
		if (j <= hi && tok_punct(st, j, ".") && st->t[k].len <= 4)
			j++;
		if (j > hi || (d = day_at(st, j)) == 0)
			return 0;
		j++;
		if (j + 1 <= hi && tok_punct(st, j, ",") && year_at(st, j + 1))
			j++;
	} else {
		return 0;
	}
	w->m = m;
	w->d = d;
	if (j <= hi && (y = year_at(st, j)) > 0) {
		w->kind = CL_WHEN_FULL;
		w->y = y;
		return j + 1;
	}
	w->kind = CL_WHEN_MONTH_DAY;
	w->y = 0;
	return j;
}

/* A day named at token k, within [k..hi]; returns the token after it,
 * or 0. */
static size_t day_named_at(const xstate *st, size_t k, size_t hi, cl_when *w)
{
	size_t j;
	int wd;

	if (k > hi || st->t[k].kind != T_WORD)
		return 0;
	if (tok_is(st, k, "yesterday") || tok_is(st, k, "today") || tok_is(st, k, "tonight")) {
		w->kind = CL_WHEN_DAYS_BACK;
		w->y = w->m = 0;
		w->d = tok_is(st, k, "yesterday");
		return k + 1;
	}
	if (st->t[k].cap && (wd = list_at(st, k, weekdays)) >= 0) {
		/* "on Sunday, 21 November": the calendar date says more. */
		j = k + 1;
		if (j <= hi && tok_punct(st, j, ","))
			j++;
		if ((j = calendar_at(st, j, hi, w)) != 0)
			return j;
		if (k > 0 && tok_is(st, k - 1, "next"))
			return 0;
		w->kind = k > 0 && tok_is(st, k - 1, "last") ? CL_WHEN_LAST_WEEKDAY :
		       CL_WHEN_WEEKDAY;
		w->y = w->m = 0;
		w->d = wd;
		return k + 1;
	}
	return calendar_at(st, k, hi, w);
}

/* May token k carry the attribution's date: outside the claim and its
 * quotes? */
static int when_usable(const xstate *st, size_t k)
{
	if (k >= st->nt || st->t[k].inq || st->t[k].kind == T_QMARK || is_terminal(st, k))
		return 0;
	if (k >= st->d_a && k <= st->d_b && !(st->d_skip && st->d_skip[k - st->d_skip0]))
		return 0;
	return 1;
}

/* Punctuation inside a date ("Nov. 21, 2021", "Sunday, 21 November"). */
static int date_punct(const xstate *st, size_t k)
{
	if (k > 0 && tok_punct(st, k, "."))
		return month_at(st, k - 1) > 0 && st->t[k - 1].len <= 4;
	return k > 0 && tok_punct(st, k, ",") &&
	       ((number_at(st, k - 1, 1) > 0 && year_at(st, k + 1)) ||
		(list_at(st, k - 1, weekdays) >= 0 &&
		 (day_at(st, k + 1) || month_at(st, k + 1))));
}

/*
 * The day named by the attribution of the claim being added (st->d_*):
 * the few words around its cue verb, outside the claim, its quotes and
 * any other event's phrase: "X said on Sunday", "said yesterday", "told
 * the court on 3 March", "On Tuesday, X said".  The words after the cue
 * come first; else the one nearest the cue before it.
 */
static void attr_when(const xstate *st, size_t s, size_t e, cl_when *w)
{
	size_t c = st->d_cue, k, hi, lo;
	cl_when t;

	memset(w, 0, sizeof *w);
	w->kind = CL_WHEN_ARTICLE;
	if (c == SIZE_MAX || c < s || c > e || c >= st->nt)
		return;
	/* After the cue: up to 8 tokens, to a clause mark. */
	for (hi = c, k = c + 1; k <= e && k <= c + 8 && when_usable(st, k); k++) {
		if (tok_in(st, k, when_stops) ||
		    (st->t[k].kind == T_PUNCT && !date_punct(st, k)))
			break;
		hi = k;
	}
	for (k = c + 1; k <= hi; k++)
		if (day_named_at(st, k, hi, &t)) {
			*w = t;
			return;
		}
	/* Before the cue: up to 8 tokens back to a clause mark, or a
	 * leading time phrase and its comma ("On Tuesday, X said"). */
	for (lo = c, k = c; k > s && c - k < 8; k--) {
		size_t p = k - 1, j;
		if (!when_usable(st, p) || tok_in(st, p, when_stops))
			break;
		if (st->t[p].kind == T_PUNCT && !date_punct(st, p)) {
			if (!tok_punct(st, p, ",") || p - s > 7 || p == s ||
			    !(tok_in(st, s, when_openers) || day_named_at(st, s, p - 1, &t)))
				break;
			for (j = s; j < p; j++)
				if (!when_usable(st, j) || (st->t[j].kind == T_PUNCT &&
							   !date_punct(st, j)))
					break;
			if (j == p)
				lo = s;
			break;
		}
		lo = p;
	}
	for (k = lo; k < c; k++) {
		size_t nx = day_named_at(st, k, c - 1, &t);
		if (nx) {
			*w = t;
			k = nx - 1;
		}
	}
}

/* Emit an indirect claim over tokens [a..b] minus skip; trims stray
 * marks and closing punctuation runs at the edges. */
static int emit_indirect(xstate *st, size_t a, size_t b, const uint8_t *skip,
			 size_t skip0, const spk *sp, size_t s, size_t e, size_t cue)
{
	char *text;
	size_t off, end;

	while (a <= b && (st->t[a].kind == T_QMARK || (skip && skip[a - skip0]) ||
			  tok_punct(st, a, ",")))
		a++;
	while (b > a && ((st->t[b].kind == T_QMARK && st->t[b].role == R_STRAY) ||
			 (skip && skip[b - skip0]) || tok_punct(st, b, ",")))
		b--;
	if (a > b || !sp->ok || count_words(st, a, b, skip, skip0) < CL_EXTRACT_MIN_WORDS)
		return CL_OK;
	text = build_text(st, a, b, skip, skip0);
	off = st->t[a].off;
	end = tok_end(st, b);
	remember_speaker(st, sp);
	doc_note(st, s, e, a, b, sp);
	st->d_cue = cue;
	st->d_a = a;
	st->d_b = b;
	st->d_skip = skip;
	st->d_skip0 = skip0;
	return add_claim(st, text, sp->name, "indirect", off, end - off, s, e);
}

/* NP left of a cue at c: back to a clause boundary. */
/* Is token p inside a body's name that runs to the cue c: capitalised
 * words, links and list commas from p to c, one of them a body word,
 * and, for "and" or a comma, a capitalised word right after it? */
static int org_tail(const xstate *st, size_t p, size_t c)
{
	size_t q;
	int org = 0;

	if ((tok_is(st, p, "and") || tok_punct(st, p, ",")) &&
	    (p + 1 >= c || st->t[p + 1].kind != T_WORD || !st->t[p + 1].cap))
		return 0;
	if (tok_punct(st, p, ",") && org_list_end(st, p, c - 1) != c)
		return 0;
	/* The run may begin left of p ("Ministry of Energy and"). */
	for (q = p; q > 0 && p - q < 10; q--) {
		size_t r = q - 1;
		if (st->t[r].inq || !(tok_punct(st, r, ",") ||
				      (st->t[r].kind == T_WORD &&
				       (st->t[r].cap || tok_in(st, r, name_links) ||
					tok_is(st, r, "the")))))
			break;
		if (st->t[r].kind == T_WORD && st->t[r].cap &&
		    (tok_in(st, r, org_words) || tok_in(st, r, org_link_heads)))
			org = 1;
	}
	for (q = p; q < c; q++) {
		if (st->t[q].inq)
			return 0;
		if (tok_punct(st, q, ","))
			continue;
		if (st->t[q].kind != T_WORD)
			return 0;
		if (!st->t[q].cap && !tok_in(st, q, name_links) && !tok_is(st, q, "the"))
			return 0;
		if (st->t[q].cap && (tok_in(st, q, org_words) ||
				     tok_in(st, q, org_link_heads)))
			org = 1;
	}
	return org;
}

static size_t np_left(const xstate *st, size_t c, size_t s)
{
	size_t l = c;

	while (l > s && (c - l < 8 || (c - l < 12 && org_tail(st, l - 1, c)))) {
		size_t p = l - 1;
		/* "the Water and Sewerage Regulatory Authority", "the
		 * Ministry of Trade, Industry and Labour": inside a
		 * body's name, "and" and a list comma go on. */
		if ((tok_is(st, p, "and") || tok_punct(st, p, ",")) && p > s &&
		    st->t[p - 1].kind == T_WORD && st->t[p - 1].cap &&
		    !st->t[p - 1].inq && org_tail(st, p, c)) {
			l--;
			continue;
		}
		/* "the nurses' federation": a plural possessive mark */
		if (tok_punct(st, p, "'") && p > s && st->t[p - 1].kind == T_WORD &&
		    !st->t[p].inq) {
			l--;
			continue;
		}
		if (st->t[p].kind != T_WORD || st->t[p].inq || tok_is(st, p, "that") ||
		    tok_is(st, p, "and") || tok_is(st, p, "but") ||
		    tok_is(st, p, "while") || is_cue(st, p, s))
			break;
		l--;
	}
	return l;   /* NP is [l..c-1], empty when l == c */
}

/* NP right of a cue at c: up to a stop word or punctuation. */
static size_t np_right(const xstate *st, size_t c, size_t e)
{
	size_t r = c + 1;

	while (r <= e && r - c <= 10 && st->t[r].kind == T_WORD && !st->t[r].inq &&
	       !tok_in(st, r, np_stop))
		r++;
	return r;   /* NP is [c+1..r-1] */
}

/* The speaker left of cue c: the phrase before it, or, when a clause
 * boundary comes first, an appositive name ("The operator, Northern
 * Quay, said"). */
/* Is token k a number written in digits ("54")? */
static int is_number(const xstate *st, size_t k)
{
	const char *w = TWORD(st, k);
	size_t i;

	if (st->t[k].kind != T_WORD || st->t[k].len > 3)
		return 0;
	for (i = 0; i < st->t[k].len; i++)
		if (w[i] < '0' || w[i] > '9')
			return 0;
	return 1;
}

static void np_left_resolve(xstate *st, size_t c, size_t s, const spk *prev,
			    spk *sp)
{
	size_t l = np_left(st, c, s), k, m;

	memset(sp, 0, sizeof *sp);
	if (l < c) {
		resolve_np(st, l, c - 1, s, prev, sp);
		if (sp->ok)
			return;
		/* "The agency, which …, has said": only auxiliaries and
		 * adverbs between the comma and the cue. */
		for (m = l; m < c; m++)
			if (!tok_in(st, m, adverbs))
				return;
		c = l;
	}
	if (c < s + 2 || !tok_punct(st, c - 1, ","))
		return;
	for (k = c - 1; k > s && c - k < 32; k--) {
		if (tok_punct(st, k - 1, ",")) {
			size_t h;
			int rel = tok_in(st, k, relatives);
			if (st->t[k].kind != T_WORD || st->t[k].inq)
				return;
			if (!rel && c - k >= 12)
				return;
			/* "Ana Ruiz, a former minister, said": a name before
			 * the appositive is the speaker; "The teachers' union,
			 * the Lakeshore Teachers Association, said": a
			 * descriptor before it is named by the appositive;
			 * "The agency, which sets the rates, said": the phrase
			 * before a relative clause speaks. */
			h = k - 1 > s ? np_left(st, k - 1, s) : k - 1;
			if (rel) {
				if (h < k - 1)
					resolve_np(st, h, k - 2, s, prev, sp);
				return;
			}
			if (h < k - 1 && (h == s || !tok_punct(st, h - 1, ",")) &&
			    st->t[h].cap && !tok_in(st, h, cap_stop)) {
				resolve_np(st, h, k - 2, s, prev, sp);
				if (sp->ok)
					return;
			}
			resolve_np(st, k, c - 2, s, prev, sp);
			/* "…, Ana Silva, 54, said": an age after the name. */
			if (!sp->ok && k == c - 2 && h < k - 1 && is_number(st, k)) {
				resolve_np(st, h, k - 2, s, prev, sp);
				return;
			}
			if (sp->ok || h >= k - 1 || (h > s && tok_punct(st, h - 1, ",")))
				return;
			resolve_np(st, h, k - 2, s, prev, sp);
			return;
		}
		if (st->t[k - 1].kind != T_WORD && !tok_punct(st, k - 1, "'"))
			return;
	}
}

static void subject_speaker(xstate *st, size_t s, size_t e, spk *sp)
{
	size_t p = subject_pos(st, s, e), q;

	memset(sp, 0, sizeof *sp);
	if (p == SIZE_MAX || p > e || st->t[p].kind != T_WORD || st->t[p].inq)
		return;
	q = p;
	if (tok_in(st, p, pron_person) || tok_in(st, p, pron_group)) {
		resolve_np(st, p, p, s, NULL, sp);
		return;
	}
	while (q + 1 <= e && q - p < 8 && st->t[q + 1].kind == T_WORD &&
	       !st->t[q + 1].inq &&
	       (st->t[q + 1].cap || tok_in(st, q + 1, name_links) ||
		tok_in(st, q + 1, org_words) || tok_in(st, q + 1, role_words)))
		q++;
	resolve_np(st, p, q, s, NULL, sp);
}

/* ---- sentences ----------------------------------------------------------- */

enum { P_EMBED, P_START, P_AFTER, P_COLON };

/* Index of the closing mark of quote q, or the token after its content
 * when the quote was capped at a paragraph end. */
static size_t q_close(const xstate *st, const qspan *q)
{
	(void)st;
	return q->close != SIZE_MAX ? q->close : q->last + 1;
}

/* A cue within `span` tokens before position p (exclusive). */
static size_t cue_before(const xstate *st, size_t p, size_t s, size_t span)
{
	size_t k;

	for (k = p; k > s && p - k < span; k--)
		if (is_cue(st, k - 1, s))
			return k - 1;
	return SIZE_MAX;
}

static int quote_pos(const xstate *st, const qspan *q, size_t s, size_t e, size_t *cue)
{
	size_t p = q->open, c;

	*cue = SIZE_MAX;
	while (p > s && st->t[p - 1].kind == T_QMARK && st->t[p - 1].role == R_STRAY)
		p--;
	if (p == s)
		return P_START;
	p--;
	if (tok_punct(st, p, ":") || tok_punct(st, p, ",") || tok_punct(st, p, "\xe2\x80\x94")) {
		c = cue_before(st, p, s, 7);
		if (c != SIZE_MAX) {
			*cue = c;
			return P_AFTER;
		}
		/* ", “B,” he said" after a direct quote in the same sentence */
		if (p > s && st->t[p - 1].kind == T_QMARK)
			return P_START;
		/* "Her coach Ana Ruiz was blunt: “…”" */
		if (tok_punct(st, p, ":")) {
			*cue = p;
			return P_COLON;
		}
		return P_EMBED;
	}
	if (tok_is(st, p, "that")) {
		size_t after = q_close(st, q) + 1;
		c = cue_before(st, p, s, 5);
		while (after <= e && (st->t[after].kind == T_PUNCT ||
				      st->t[after].kind == T_QMARK))
			after++;
		if (c != SIZE_MAX && after > e) {
			*cue = c;
			return P_AFTER;
		}
	}
	return P_EMBED;
}

/* After the closing mark, does the sentence go on as attribution or end,
 * rather than continue the quote's own clause? */
static int post_ok(const xstate *st, size_t i, size_t e, size_t s)
{
	while (i <= e && st->t[i].kind == T_QMARK && st->t[i].role == R_STRAY)
		i++;
	if (i > e)
		return 1;
	if (st->t[i].kind == T_PUNCT)
		return 1;
	if (st->t[i].kind == T_QMARK)
		return 1;
	/* "“…,” van Rijn said": a lowercase particle opening a name. */
	if (tok_in(st, i, name_links) && i + 1 <= e && st->t[i + 1].kind == T_WORD &&
	    st->t[i + 1].cap)
		return 1;
	/* "“…,” league spokesperson Ana Ruiz denied": a descriptor and a
	 * name up to a cue. */
	{
		size_t k;
		for (k = i; k <= e && k < i + 8 && st->t[k].kind == T_WORD &&
			    !st->t[k].inq; k++) {
			if (is_cue(st, k, s))
				return 1;
			if (!(st->t[k].cap || tok_in(st, k, role_words) ||
			      tok_in(st, k, occupations) || tok_in(st, k, org_words) ||
			      tok_in(st, k, org_heads) || tok_in(st, k, name_links)))
				break;
		}
	}
	return is_cue(st, i, s) || st->t[i].cap || tok_in(st, i, pron_person) ||
	       tok_in(st, i, pron_group) || tok_is(st, i, "the") ||
	       tok_is(st, i, "a") || tok_is(st, i, "an") || tok_is(st, i, "its");
}

static int emit_direct(xstate *st, const qspan *q, const spk *sp, size_t s, size_t e,
		       size_t cue)
{
	size_t a = q->first, b = q->last, off, end;
	char *text = NULL;
	int rc;

	while (b > a && (st->t[b].kind == T_QMARK))
		b--;
	off = st->t[a].off;
	end = tok_end(st, b);
	/* One rule for the text of every direct claim, the one `verify`
	 * re-checks archived quotes with. */
	rc = cl_quote_text(st->buf + off, end - off, &text, NULL);
	if (rc != CL_OK)
		return CL_ENOMEM;
	remember_speaker(st, sp);
	doc_note(st, s, e, q->open, q_close(st, q), sp);
	st->d_cue = cue;
	st->d_a = q->open;
	st->d_b = q_close(st, q);
	st->d_skip = NULL;
	st->d_skip0 = 0;
	return add_claim(st, text, sp->name, "direct", off, end - off, s, e);
}

/*
 * "His coach Ana Ruiz was blunt: “…”": a quote after a colon with no cue
 * belongs to a name that opens the clause before the colon at `colon`
 * (after at most 5 lowercase words, "His team mate"), when that clause
 * is short (at most 8 more words).
 */
static void colon_speaker(xstate *st, size_t s, size_t colon, spk *sp)
{
	size_t p = subject_pos(st, s, colon), k, nk;
	nameinfo ni;

	memset(sp, 0, sizeof *sp);
	if (p == SIZE_MAX || p >= colon)
		return;
	for (k = p; k < colon && k < p + 6; k++) {
		if (st->t[k].kind != T_WORD || st->t[k].inq)
			return;
		if (st->t[k].cap && !tok_in(st, k, cap_stop))
			break;
	}
	if (k >= colon || k >= p + 6)
		return;
	nk = scan_name(st, k, colon - 1, s, &ni);
	if (nk <= k || nk >= colon || colon - nk > 8)
		return;
	for (k = nk; k < colon; k++)
		if (st->t[k].kind != T_WORD || st->t[k].inq || is_cue(st, k, s))
			return;
	if (ni.person || ni.org)
		spk_set(sp, ni.name, ni.person);
}

static int sentence_direct(xstate *st, size_t s, size_t e, int *done)
{
	size_t qi, attr_end = SIZE_MAX, cur_cue = SIZE_MAX;
	spk cur;
	int rc = CL_OK;

	memset(&cur, 0, sizeof cur);
	*done = 0;
	for (qi = 0; qi < st->nq; qi++) {
		const qspan *q = &st->qs[qi];
		size_t cue, cl, i, c = SIZE_MAX, dcue = SIZE_MAX;
		int pos;
		spk sp;

		if (q->open < s || q->open > e || q->words == 0)
			continue;
		pos = quote_pos(st, q, s, e, &cue);
		cl = q_close(st, q);
		if (pos == P_EMBED || q->words < CL_EXTRACT_MIN_WORDS)
			continue;
		if (pos == P_START && !post_ok(st, cl + 1, e, s))
			continue;
		memset(&sp, 0, sizeof sp);
		if (pos == P_COLON) {
			size_t after = cl + 1;
			while (after <= e && (st->t[after].kind == T_PUNCT ||
					      st->t[after].kind == T_QMARK))
				after++;
			if (after <= e)
				continue;
			colon_speaker(st, s, cue, &sp);
		} else if (pos == P_AFTER) {
			dcue = cue;
			size_t l = np_left(st, cue, s);
			if (l < cue)
				resolve_np(st, l, cue - 1, s, &cur, &sp);
			if (!sp.ok && cur.ok)
				sp = cur;
			if (!sp.ok)
				subject_speaker(st, s, e, &sp);
			if (!sp.ok) {
				size_t r = np_right(st, cue, e);
				if (r > cue + 1)
					resolve_np(st, cue + 1, r - 1, s, &cur, &sp);
			}
		} else {
			/* Attribution after the quote: ", he said", ", said X". */
			for (i = cl + 1; i <= e && i < cl + 10; i++) {
				if (st->t[i].kind == T_QMARK && st->t[i].role != R_STRAY)
					break;
				if (is_terminal(st, i))
					break;
				if (is_cue(st, i, s)) {
					c = i;
					break;
				}
			}
			if (c != SIZE_MAX) {
				size_t l = np_left(st, c, s), r;
				dcue = c;
				if (l < c && l > cl)
					resolve_np(st, l, c - 1, s, &cur, &sp);
				if (!sp.ok) {
					r = np_right(st, c, e);
					if (r > c + 1)
						resolve_np(st, c + 1, r - 1, s, &cur, &sp);
					/* "said the spokesman, Ana Ruiz" */
					if (r <= e && tok_punct(st, r, ",") && r + 1 <= e &&
					    st->t[r + 1].cap) {
						spk sp2;
						size_t r2 = np_right(st, r, e);
						resolve_np(st, r + 1, r2 - 1, s, &cur, &sp2);
						if (sp2.ok && sp2.person)
							sp = sp2;
						r = r2;
					}
					attr_end = r;
				} else {
					attr_end = c + 1;
				}
			} else if (cur.ok) {
				sp = cur;
				dcue = cur_cue;
			} else if (st->salient[0] && st->subj_unit == st->unit_no) {
				/* "Mayor X spoke after the vote. “…”": the person the
				 * paragraph is about. */
				spk_set(&sp, st->salient, 1);
			} else if (st->lastspk[0] && st->unit_no - st->lastspk_unit <= 2) {
				/* A quote standing alone continues the last speaker. */
				spk_set(&sp, st->lastspk, st->lastspk_person);
			}
		}
		if (!sp.ok)
			continue;
		cur = sp;
		cur_cue = dcue;
		rc = emit_direct(st, q, &sp, s, e, dcue);
		if (rc != CL_OK)
			goto out;
		*done = 1;
		if (attr_end == SIZE_MAX || attr_end < cl + 1)
			attr_end = cl + 1;
	}
	/* "…,” says the letter, which also ensures that …" */
	if (*done && attr_end != SIZE_MAX) {
		size_t i, k;
		for (i = attr_end; i <= e; i++) {
			if (st->t[i].inq || st->t[i].kind == T_QMARK)
				break;
			if (!is_cue(st, i, s))
				continue;
			for (k = i + 1; k <= e && k < i + 8; k++) {
				if (tok_is(st, k, "that")) {
					spk sp;
					size_t l = np_left(st, i, s);
					memset(&sp, 0, sizeof sp);
					if (l < i)
						resolve_np(st, l, i - 1, s, &cur, &sp);
					if (!sp.ok)
						sp = cur;
					rc = emit_indirect(st, k + 1, e, NULL, 0, &sp, s, e, i);
					goto out;
				}
				if (is_terminal(st, k) || st->t[k].kind == T_QMARK)
					break;
			}
		}
	}
out:
	return rc;
}

/* "The farmers' association, the Elk Valley Growers Association,
 * said …": tokens [s..c) are a subject and its appositive, two short
 * comma-separated noun phrases, not a claim followed by "said X". */
static int appositive_subject(const xstate *st, size_t s, size_t c)
{
	size_t k, p = SIZE_MAX;

	if (c < s + 3 || !tok_punct(st, c - 1, ","))
		return 0;
	for (k = c - 1; k-- > s && c - k <= 9; ) {
		if (tok_punct(st, k, ",")) {
			p = k;
			break;
		}
		if (st->t[k].kind != T_WORD && !tok_punct(st, k, "'"))
			return 0;
		if (is_cue(st, k, s))
			return 0;
	}
	if (p == SIZE_MAX || p == s || p - s > 6 || c - 1 - p > 7)
		return 0;
	for (k = s; k < p; k++)
		if ((st->t[k].kind != T_WORD && !tok_punct(st, k, "'")) || is_cue(st, k, s))
			return 0;
	return 1;
}

/* Does a new clause with its own subject start at token i ("and the
 * schools are ...", "while prices ...")?  A shared-subject predicate
 * ("and could run dry") is not one. */
static int new_clause(const xstate *st, size_t i, size_t e)
{
	static const char *const subj_starts[] = {
		"the", "a", "an", "its", "their", "his", "her", "this", "these",
		"those", "some", "many", "most", "he", "she", "they", "it", "we",
		"i", "you", "there", "no", "other", "all", NULL
	};

	if (tok_is(st, i, "while") || tok_is(st, i, "whereas") ||
	    tok_is(st, i, "although") || tok_is(st, i, "though"))
		return 1;
	if (!tok_is(st, i, "and") && !tok_is(st, i, "but"))
		return 0;
	return i + 1 <= e && st->t[i + 1].kind == T_WORD &&
	       (st->t[i + 1].cap || tok_in(st, i + 1, subj_starts) ||
		(st->buf[st->t[i + 1].off] >= '0' && st->buf[st->t[i + 1].off] <= '9'));
}

/* A short adverbial right after a bare cue: "on Monday (night)", "late
 * on Friday", "last week", "this month", "earlier", "in a statement",
 * "in an interview".  Returns the token after it when a clause follows
 * (a word that is not a preposition), else SIZE_MAX. */
static size_t after_time_adverbial(const xstate *st, size_t k, size_t e)
{
	static const char *const periods[] = {
		"week", "month", "year", "night", "weekend", "morning",
		"afternoon", "evening", "summer", "winter", "spring", "autumn",
		"fall", "season", "quarter", NULL
	};
	static const char *const parts[] = {
		"night", "morning", "afternoon", "evening", NULL
	};
	size_t k0 = k;

	if (k > e || st->t[k].kind != T_WORD || st->t[k].inq)
		return SIZE_MAX;
	if ((tok_is(st, k, "late") || tok_is(st, k, "early")) && tok_is(st, k + 1, "on"))
		k++;
	if (tok_is(st, k, "on") && k + 1 <= e && st->t[k + 1].cap &&
	    !st->t[k + 1].inq) {
		k += 2;
		if (tok_in(st, k, parts))
			k++;
	} else if ((tok_is(st, k, "last") || tok_is(st, k, "this")) &&
		   (tok_in(st, k + 1, periods) || (k + 1 <= e && st->t[k + 1].cap))) {
		k += 2;
	} else if (tok_is(st, k, "earlier") || tok_is(st, k, "yesterday") ||
		   tok_is(st, k, "today") || tok_is(st, k, "tonight")) {
		k++;
	} else if (tok_is(st, k, "in") && (tok_is(st, k + 1, "a") || tok_is(st, k + 1, "an") ||
					   tok_is(st, k + 1, "its") || tok_is(st, k + 1, "their") ||
					   tok_is(st, k + 1, "his") || tok_is(st, k + 1, "her")) &&
		   (tok_in(st, k + 2, doc_words) || tok_is(st, k + 2, "interview"))) {
		k += 3;
	} else {
		return SIZE_MAX;
	}
	if (k == k0 || k > e || st->t[k].kind != T_WORD || st->t[k].inq ||
	    tok_in(st, k, np_stop) || tok_is(st, k, "of") || tok_is(st, k, "for") ||
	    tok_is(st, k, "by"))
		return SIZE_MAX;
	return k;
}

/* "told AUDIENCE CLAIM" without "that": the audience is a pronoun or
 * plural ("him", "reporters", "jurors"), "the"/"a" and up to two words
 * ending in an audience noun ("the court", "a news conference"), or a
 * name ("Reuters", "the BBC").  Returns the claim's first token, or
 * SIZE_MAX ("told them to leave" and "told of" are not claims). */
static size_t told_clause(const xstate *st, size_t c, size_t e)
{
	size_t k = c + 1, m;

	if (!(tok_is(st, c, "told") || tok_is(st, c, "tells") || tok_is(st, c, "telling")) ||
	    k > e || st->t[k].kind != T_WORD || st->t[k].inq)
		return SIZE_MAX;
	if (tok_in(st, k, told_objects)) {
		k++;
	} else if (tok_is(st, k, "the") || tok_is(st, k, "a") || tok_is(st, k, "an")) {
		for (m = k + 1; m <= e && m < k + 4; m++)
			if (st->t[m].kind != T_WORD || st->t[m].cap || st->t[m].inq ||
			    tok_in(st, m, told_heads))
				break;
		if (m <= e && st->t[m].kind == T_WORD && !st->t[m].inq &&
		    tok_in(st, m, told_heads)) {
			k = m + 1;
		} else if (k + 1 <= e && st->t[k + 1].cap) {
			k++;
			while (k <= e && st->t[k].kind == T_WORD && st->t[k].cap &&
			       !st->t[k].inq)
				k++;
		} else {
			return SIZE_MAX;
		}
	} else if (st->t[k].cap && !tok_in(st, k, cap_stop)) {
		while (k <= e && st->t[k].kind == T_WORD && st->t[k].cap && !st->t[k].inq)
			k++;
	} else {
		return SIZE_MAX;
	}
	/* "told reporters on Tuesday the …" */
	if (k + 1 <= e && tok_is(st, k, "on") && st->t[k + 1].cap)
		k += 2;
	if (k > e || st->t[k].kind != T_WORD || st->t[k].inq ||
	    tok_in(st, k, np_stop) || tok_is(st, k, "of") || tok_is(st, k, "for"))
		return SIZE_MAX;
	return k;
}

static int sentence_indirect(xstate *st, size_t s, size_t e)
{
	size_t c, k;
	uint8_t *skip = NULL;
	int rc = CL_OK;
	spk sp;

	for (c = s; c <= e; c++) {
		if (st->t[c].inq || st->t[c].kind != T_WORD)
			continue;
		/* "according to X" anywhere: the claim is the rest. */
		if (tok_is(st, c, "according") && tok_is(st, c + 1, "to") && c + 2 <= e) {
			size_t n1 = c + 2, n2 = n1, x0, x1;
			while (n2 + 1 <= e && n2 - n1 < 12 && !tok_punct(st, n2 + 1, ",") &&
			       !is_terminal(st, n2 + 1) && st->t[n2 + 1].kind == T_WORD &&
			       !st->t[n2 + 1].inq)
				n2++;
			/* "according to the Health Agency (HA)" */
			if (n2 + 3 <= e && tok_punct(st, n2 + 1, "(") &&
			    st->t[n2 + 2].kind == T_WORD && tok_punct(st, n2 + 3, ")"))
				n2 += 3;
			resolve_np(st, n1, n2, s, NULL, &sp);
			if (!sp.ok)
				continue;
			x0 = (c > s && tok_punct(st, c - 1, ",")) ? c - 1 : c;
			x1 = (n2 + 1 <= e && tok_punct(st, n2 + 1, ",")) ? n2 + 1 : n2;
			skip = calloc(e - s + 1, 1);
			if (skip == NULL) {
				rc = CL_ENOMEM;
				goto out;
			}
			for (k = x0; k <= x1; k++)
				skip[k - s] = 1;
			/* "A, according to X." and "A, according to X, and B":
			 * the claim is A (B is the reporter's own clause). */
			if (x1 + 1 > e || is_terminal(st, x1 + 1) ||
			    (x0 > s && x1 > n2 && new_clause(st, x1 + 1, e)))
				rc = emit_indirect(st, s, x0 > s ? x0 - 1 : s, skip, s, &sp, s, e, c);
			else
				rc = emit_indirect(st, s, e, skip, s, &sp, s, e, c);
			goto out;
		}
		if (!is_cue(st, c, s))
			continue;
		memset(&sp, 0, sizeof sp);
		{
			size_t l = np_left(st, c, s);
			/* Parenthetical: "X, the statement adds, will …" */
			if (l < c && l > s && tok_punct(st, l - 1, ",") && c - l <= 5 &&
			    tok_punct(st, c + 1, ",")) {
				resolve_np(st, l, c - 1, s, NULL, &sp);
				if (sp.ok) {
					skip = calloc(e - s + 1, 1);
					if (skip == NULL) {
						rc = CL_ENOMEM;
						goto out;
					}
					for (k = l - 1; k <= c + 1; k++)
						skip[k - s] = 1;
					rc = emit_indirect(st, s, e, skip, s, &sp, s, e, c);
					goto out;
				}
			}
			/* Trailing: "…, the minister said." / "…, said X." */
			if ((l > s && tok_punct(st, l - 1, ",") && c - l <= 6) ||
			    (l == c && c > s && tok_punct(st, c - 1, ","))) {
				size_t r = np_right(st, c, e), comma = l - 1;
				int tail = 1;
				/* "…, X said on Saturday, as …": a clause after the
				 * attribution's own comma is the reporter's. */
				for (k = r; k <= e; k++) {
					if (tok_punct(st, k, ",") && !st->t[k].inq)
						break;
					if (st->t[k].kind == T_WORD || st->t[k].kind == T_QMARK) {
						if (!(st->t[k].kind == T_QMARK && st->t[k].role == R_STRAY) &&
						    k - r > 6)
							tail = 0;
						if (tok_is(st, k, "that"))
							tail = 0;
					}
				}
				/* "…, which added a wing": a relative pronoun
				 * is no trailing speaker; "Earlier on Tuesday,
				 * Judge X told …" is an opening adverbial. */
				if (l + 1 == c && tok_in(st, l, relatives))
					tail = 0;
				if (comma > s && (subject_pos(st, s, e) == comma + 1 ||
						  count_words(st, s, comma - 1, NULL, 0) <
						  CL_EXTRACT_MIN_WORDS))
					tail = 0;
				if (tail && comma > s && !(l == c && appositive_subject(st, s, c))) {
					if (l < c)
						resolve_np(st, l, c - 1, s, NULL, &sp);
					if (!sp.ok && r > c + 1)
						resolve_np(st, c + 1, r - 1, s, NULL, &sp);
					if (sp.ok) {
						rc = emit_indirect(st, s, comma - 1, NULL, 0, &sp, s, e, c);
						goto out;
					}
				}
			}
			/* Forward: "X said (that) …" */
			{
				size_t start = SIZE_MAX, lim = 10;
				/* "said in its assessment of the economy,
				 * published in May, that …" */
				if (c + 1 <= e && (tok_in(st, c + 1, preps_intro) ||
						   tok_in(st, c + 1, np_stop)))
					lim = 24;
				for (k = c + 1; k <= e && k < c + lim; k++) {
					if (tok_is(st, k, "that") && !st->t[k].inq) {
						start = k + 1;
						break;
					}
					if (is_terminal(st, k) || is_cue(st, k, s) ||
					    st->t[k].kind == T_QMARK)
						break;
				}
				/* "said on Monday it would …", "said in a
				 * statement the plan …" */
				if (start == SIZE_MAX && tok_in(st, c, cue_bare))
					start = after_time_adverbial(st, c + 1, e);
				if (start == SIZE_MAX && tok_in(st, c, cue_bare) && c + 1 <= e &&
				    (st->t[c + 1].kind == T_WORD || st->t[c + 1].kind == T_QMARK) &&
				    !tok_in(st, c + 1, np_stop) &&
				    !(c > s && tok_in(st, c - 1, relatives)))
					start = c + 1;
				/* "told the court the money was gone" */
				if (start == SIZE_MAX)
					start = told_clause(st, c, e);
				if (start == SIZE_MAX)
					continue;
				np_left_resolve(st, c, s, NULL, &sp);
				if (!sp.ok && l == c)
					subject_speaker(st, s, e, &sp);
				if (!sp.ok)
					continue;
				rc = emit_indirect(st, start, e, NULL, 0, &sp, s, e, c);
				goto out;
			}
		}
	}
out:
	free(skip);
	return rc;
}

/* "MONTEVIDEO, Feb 11 - Authorities …": a dateline at the start of a
 * paragraph is not part of its first sentence.  Returns the token after
 * the dash, or s. */
static size_t skip_dateline(const xstate *st, size_t s, size_t e)
{
	size_t k, i, upper = 0;
	const tok *t = &st->t[s];

	if (t->kind != T_WORD || t->inq || t->len < 2 ||
	    (s > 0 && st->t[s - 1].para == t->para))
		return s;
	for (i = 0; i < t->len; i++) {
		char c = st->buf[t->off + i];
		if (c >= 'a' && c <= 'z')
			return s;
		if (c >= 'A' && c <= 'Z')
			upper++;
	}
	if (upper < 2)
		return s;
	for (k = s + 1; k <= e && k < s + 12; k++) {
		const char *w = TWORD(st, k);
		if (st->t[k].inq || st->t[k].kind == T_QMARK)
			return s;
		if (st->t[k].kind == T_WORD)
			continue;
		if (tok_punct(st, k, ",") || tok_punct(st, k, ".") || tok_punct(st, k, "(") ||
		    tok_punct(st, k, ")") || tok_punct(st, k, "/"))
			continue;
		if ((st->t[k].len == 1 && w[0] == '-') ||
		    tok_punct(st, k, "\xe2\x80\x93") || tok_punct(st, k, "\xe2\x80\x94"))
			return k + 1 <= e && st->t[k + 1].kind != T_PUNCT ? k + 1 : s;
		return s;
	}
	return s;
}

static int process_sentence(xstate *st, size_t s, size_t e)
{
	int done = 0, rc;
	size_t k;

	/* Headlines, captions and boilerplate: paragraphs that do not end
	 * like prose are never sources of claims. */
	if (st->headline[st->t[s].para] && !st->t[s].inq) {
		int anyq = 0;
		for (k = s; k <= e; k++)
			if (st->t[k].kind == T_QMARK && st->t[k].role != R_STRAY)
				anyq = 1;
		if (!anyq)
			return CL_OK;
	}
	s = skip_dateline(st, s, e);
	scan_mentions(st, s, e);
	rc = sentence_direct(st, s, e, &done);
	if (rc != CL_OK || done)
		return rc;
	return sentence_indirect(st, s, e);
}

static int is_abbrev_before(const xstate *st, size_t i)
{
	const tok *p;

	if (i == 0 || st->t[i - 1].kind != T_WORD)
		return 0;
	p = &st->t[i - 1];
	if (p->len == 1 && p->cap)
		return 1;
	return in_list(st->buf + p->off, p->len, abbrevs);
}

static int process_unit(xstate *st)
{
	size_t s = 0, i;
	int rc = CL_OK;

	for (i = 0; i < st->nt; i++) {
		int cut = 0;
		const tok *t = &st->t[i];

		if (i + 1 == st->nt)
			cut = 1;
		else if (st->t[i + 1].para != t->para && !st->t[i + 1].inq &&
			 st->t[i + 1].role != R_CONT)
			cut = 1;
		else if (!t->inq && t->kind == T_PUNCT && t->len <= 3 &&
			 (strchr(".!?", st->buf[t->off]) ||
			  (t->len == 3 && memcmp(st->buf + t->off, "\xe2\x80\xa6", 3) == 0))) {
			const tok *n = &st->t[i + 1];
			if (!is_abbrev_before(st, i) &&
			    (n->cap || (n->kind == T_QMARK && n->role == R_OPEN) ||
			     (n->kind == T_WORD && st->buf[n->off] >= '0' && st->buf[n->off] <= '9')))
				cut = 1;
		} else if (t->kind == T_QMARK && t->role == R_CLOSE && i > 0 &&
			   st->t[i - 1].kind == T_PUNCT &&
			   strchr(".!?", st->buf[st->t[i - 1].off]) &&
			   (st->t[i + 1].cap || (st->t[i + 1].kind == T_QMARK &&
						 st->t[i + 1].role == R_OPEN))) {
			/* “… win.” Then … : a new sentence unless an attribution
			 * follows (“… win.” Smith said). */
			size_t k;
			cut = 1;
			for (k = i + 1; k < st->nt && k < i + 5; k++) {
				if (is_terminal(st, k) || st->t[k].kind == T_QMARK)
					break;
				if (is_cue(st, k, i + 1))
					cut = 0;
			}
		}
		if (!cut && i - s >= 1500 && !t->inq)
			cut = 1;
		if (cut) {
			rc = process_sentence(st, s, i);
			if (rc != CL_OK)
				goto out;
			s = i + 1;
		}
	}
out:
	st->nt = 0;
	st->nq = 0;
	st->nhead = 0;
	st->unit_no++;
	return rc;
}

/* ---- paragraphs ---------------------------------------------------------- */

static int blank_line(const char *s, size_t a, size_t b)
{
	for (; a < b; a++)
		if (s[a] != ' ' && s[a] != '\t' && s[a] != '\r')
			return 0;
	return 1;
}

/* Next paragraph at or after *pos: [*ps, *pe).  With `blank_sep`,
 * paragraphs are separated by blank lines, else every line is one. */
static int next_para(const char *s, size_t len, size_t *pos, size_t *ps,
		     size_t *pe, int blank_sep)
{
	size_t p = *pos;

	/* Skip blank lines. */
	for (;;) {
		const char *nl;
		size_t le;
		if (p >= len)
			return 0;
		nl = memchr(s + p, '\n', len - p);
		le = nl ? (size_t)(nl - s) : len;
		if (!blank_line(s, p, le))
			break;
		p = le + 1;
	}
	*ps = p;
	for (;;) {
		const char *nl = memchr(s + p, '\n', len - p);
		size_t le = nl ? (size_t)(nl - s) : len;
		if (le - *ps > CL_EXTRACT_PARA_MAX) {
			/* Cut an overlong paragraph at a space before the cap. */
			size_t cut = *ps + CL_EXTRACT_PARA_MAX;
			while (cut > *ps + CL_EXTRACT_PARA_MAX / 2 && s[cut] != ' ')
				cut--;
			while (cut > *ps && ((unsigned char)s[cut] & 0xc0) == 0x80)
				cut--;
			*pe = cut;
			*pos = cut;
			return 1;
		}
		if (!blank_sep || le >= len || blank_line(s, le + 1,
		    memchr(s + le + 1, '\n', len - le - 1) ?
		    (size_t)((const char *)memchr(s + le + 1, '\n', len - le - 1) - s) : len)) {
			*pe = le;
			*pos = le < len ? le + 1 : len;
			return 1;
		}
		p = le + 1;
	}
}

static int para_headline(const char *s, size_t ps, size_t pe)
{
	static const char *const labels[] = {
		"photo", "photos", "image", "images", "picture", "pictured",
		"caption", "video", "graphic", "illustration", "file", "top",
		"main", "credit", "watch", "listen", "audio", "gallery", NULL
	};
	size_t e = pe, w, k = ps, words = 0;
	uint32_t c;

	/* "Photo: …", "Image caption: …", "File photo: …": a caption, even
	 * when it ends like prose. */
	while (k < pe && words < 3) {
		size_t b = k;
		while (k < pe && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z')))
			k++;
		if (k == b || !in_list(s + b, k - b, labels))
			break;
		words++;
		if (k < pe && s[k] == ':')
			return 1;
		if (k < pe && s[k] == ' ')
			k++;
	}

	while (e > ps) {
		c = cl_text_decode_prev(s, e, pe);
		if (cl_text_is_space(c) || cl_text_qmark(c) != CL_QMARK_NONE || c == 0x2019 || c == '\'' ||
		    c == ')') {
			w = 1;
			while (e - w > ps && ((unsigned char)s[e - w] & 0xc0) == 0x80)
				w++;
			e -= w;
			continue;
		}
		return !(c == '.' || c == '!' || c == '?' || c == ':' || c == 0x2026);
	}
	return 1;
}

/*
 * A quote left open at the end of its paragraph (not continued) that
 * holds its own attribution (“The wall was gone, said Chief X, who …)
 * lost its closing mark: close it before the comma of ", said X" /
 * ", X said" / ", he said", and give the rest back to the sentence.
 */
static void repair_capped(xstate *st)
{
	qspan *q = &st->qs[st->nq - 1];
	size_t k, m, i;

	if (q->close != SIZE_MAX || q->words == 0)
		return;
	for (k = q->first + 1; k < q->last && k < st->nt; k++) {
		size_t nw = 0;
		int hit = 0;
		if (!tok_punct(st, k, ",") || st->t[k - 1].kind != T_WORD)
			continue;
		m = k + 1;
		if (tok_in(st, m, cue_bare) || tok_is(st, m, "told")) {
			/* ", said Chief X": a name or "the" follows */
			hit = m + 1 <= q->last && st->t[m + 1].kind == T_WORD &&
			      (st->t[m + 1].cap || tok_is(st, m + 1, "the"));
		} else {
			while (m <= q->last && nw < 6 && st->t[m].kind == T_WORD &&
			       (st->t[m].cap || tok_in(st, m, pron_person) ||
				tok_is(st, m, "the") || tok_in(st, m, role_words) ||
				tok_in(st, m, occupations))) {
				m++;
				nw++;
			}
			hit = nw > 0 && m <= q->last &&
			      (tok_in(st, m, cue_bare) || tok_is(st, m, "told")) &&
			      (st->t[k + 1].cap || tok_in(st, k + 1, pron_person) ||
			       tok_is(st, k + 1, "the"));
		}
		if (!hit)
			continue;
		q->last = k - 1;
		q->words = 0;
		for (i = q->first; i <= q->last; i++)
			if (st->t[i].kind == T_WORD)
				q->words++;
		for (i = k; i < st->nt; i++) {
			st->t[i].inq = 0;
			st->t[i].q = -1;
		}
		return;
	}
}

static int run_body(xstate *st, size_t body)
{
	const char *s = st->buf;
	size_t pos = body, ps, pe, upara = 0, ubytes = 0;
	int inq = 0, cont = 0, rc = CL_OK, blank_sep = 0;
	size_t i;

	for (i = body; i + 1 < st->len; i++) {
		if (s[i] == '\n') {
			size_t j = i + 1;
			while (j < st->len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r'))
				j++;
			if (j < st->len && s[j] == '\n') {
				blank_sep = 1;
				break;
			}
		}
	}
	while (next_para(s, st->len, &pos, &ps, &pe, blank_sep)) {
		rc = push_head(st, (uint8_t)para_headline(s, ps, pe));
		if (rc != CL_OK)
			goto out;
		rc = tokenize_para(st, ps, pe, (uint32_t)upara, &inq, cont);
		if (rc != CL_OK)
			goto out;
		upara++;
		ubytes += pe - ps;
		cont = 0;
		if (inq) {
			const qspan *q = &st->qs[st->nq - 1];
			size_t n = pos, w;
			while (n < st->len && cl_text_is_space(cl_text_decode(s, n, st->len, &w)))
				n += w;
			if (q->words > 0 && n < st->len &&
			    cl_text_qmark(cl_text_decode(s, n, st->len, &w)) != CL_QMARK_NONE &&
			    upara < CL_EXTRACT_QUOTE_PARAS && ubytes < CL_EXTRACT_PARA_MAX) {
				cont = 1;
				continue;
			}
			inq = 0;   /* capped at the paragraph end */
			repair_capped(st);
		}
		rc = process_unit(st);
		if (rc != CL_OK)
			goto out;
		upara = 0;
		ubytes = 0;
	}
	if (st->nt > 0)
		rc = process_unit(st);
out:
	return rc;
}

/* ---- headers ------------------------------------------------------------- */

static char *find_iso_date(const char *v, size_t n)
{
	size_t i;

	for (i = 0; i + 10 <= n; i++) {
		const char *d = v + i;
		int ok = 1, k, mo, dd;
		for (k = 0; k < 10; k++) {
			if (k == 4 || k == 7)
				ok &= d[k] == '-';
			else
				ok &= d[k] >= '0' && d[k] <= '9';
		}
		if (!ok || (i > 0 && v[i - 1] >= '0' && v[i - 1] <= '9') ||
		    (i + 10 < n && v[i + 10] >= '0' && v[i + 10] <= '9'))
			continue;
		mo = (d[5] - '0') * 10 + (d[6] - '0');
		dd = (d[8] - '0') * 10 + (d[9] - '0');
		if (mo >= 1 && mo <= 12 && dd >= 1 && dd <= 31)
			return dupn(d, 10);
	}
	return NULL;
}

/* Parse header lines; returns the body offset, or SIZE_MAX when out of
 * memory. */
static size_t parse_headers(const char *s, size_t len, cl_extraction *x)
{
	static const char *const keys[] = { "url", "date", "title", "publisher", "source", NULL };
	size_t pos = 0, body = 0, nlines = 0;

	while (pos < len && nlines < 32) {
		const char *nl = memchr(s + pos, '\n', len - pos);
		size_t le = nl ? (size_t)(nl - s) : len, a = pos, k0, kn, va, ve;
		char **slot;
		int ki;

		nlines++;
		if (blank_line(s, pos, le)) {
			pos = le + 1;
			continue;
		}
		while (a < le && (s[a] == ' ' || s[a] == '\t'))
			a++;
		k0 = a;
		while (a < le && s[a] >= 'a' && s[a] <= 'z')
			a++;
		kn = a - k0;
		if (a < le && s[a] == ':')
			a++;
		if (a >= le || (s[a] != ' ' && s[a] != '\t'))
			break;
		for (ki = 0; keys[ki]; ki++)
			if (strlen(keys[ki]) == kn && memcmp(keys[ki], s + k0, kn) == 0)
				break;
		if (keys[ki] == NULL)
			break;
		va = a;
		ve = le;
		while (va < ve && (s[va] == ' ' || s[va] == '\t'))
			va++;
		while (ve > va && (s[ve - 1] == ' ' || s[ve - 1] == '\t' || s[ve - 1] == '\r'))
			ve--;
		if (va == ve)
			break;
		switch (ki) {
		case 0: case 4: slot = &x->url; break;
		case 1: slot = &x->date; break;
		case 2: slot = &x->title; break;
		default: slot = &x->publisher; break;
		}
		if (*slot == NULL) {
			*slot = ki == 1 ? find_iso_date(s + va, ve - va) : dupn(s + va, ve - va);
			if (*slot == NULL && ki != 1)
				return SIZE_MAX;
		}
		pos = le < len ? le + 1 : len;
		body = pos;
	}
	return body;
}

/* ---- public -------------------------------------------------------------- */

void cl_extraction_free(cl_extraction *x)
{
	size_t i;

	if (x == NULL)
		return;
	for (i = 0; i < x->nclaims; i++) {
		free(x->claims[i].text);
		free(x->claims[i].speaker);
		free(x->claims[i].context);
		free(x->claims[i].date);
	}
	free(x->claims);
	free(x->url);
	free(x->date);
	free(x->title);
	free(x->publisher);
	free(x);
}

int cl_extract(const char *buf, size_t len, const cl_aliases *aliases,
	       cl_extraction **out, cl_error *err)
{
	xstate *st = NULL;
	cl_extraction *x = NULL;
	size_t bad, body;
	int rc = CL_OK;

	*out = NULL;
	bad = len ? cl_text_invalid_at(buf, len) : (size_t)-1;
	if (bad != (size_t)-1) {
		rc = cl_error_set(err, CL_EINPUT, "not UTF-8 text at byte %zu", bad);
		goto out;
	}
	x = calloc(1, sizeof *x);
	st = calloc(1, sizeof *st);
	if (x == NULL || st == NULL) {
		rc = cl_error_set(err, CL_ENOMEM, "extract: out of memory");
		goto out;
	}
	if (len == 0)
		goto done;
	body = parse_headers(buf, len, x);
	if (body == SIZE_MAX) {
		rc = cl_error_set(err, CL_ENOMEM, "extract: out of memory");
		goto out;
	}
	x->body_offset = body;
	st->buf = buf;
	st->len = len;
	st->al = aliases;
	st->x = x;
	rc = run_body(st, body);
	if (rc != CL_OK) {
		rc = cl_error_set(err, CL_ENOMEM, "extract: out of memory");
		goto out;
	}
done:
	*out = x;
	x = NULL;
out:
	if (st != NULL) {
		free(st->t);
		free(st->qs);
		free(st->headline);
		free(st);
	}
	cl_extraction_free(x);
	return rc;
}

static int set_str(json_t *o, const char *k, const char *v)
{
	json_t *s;

	if (v == NULL)
		return 0;
	s = json_string(v);
	if (s == NULL)
		return -1;
	return json_object_set_new(o, k, s);
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
static long days_from_civil(long y, int m, int d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp, yy;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yy + (*m <= 2));
}

static int month_days(int y, int m)
{
	static const int n[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return n[m - 1];
}

static int valid_ymd(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= month_days(y, m);
}

/* Parse YYYY-MM-DD (the first 10 bytes of s). */
static int parse_ymd(const char *s, int *y, int *m, int *d)
{
	int i;

	for (i = 0; i < 10; i++)
		if (s[i] == '\0' || ((i == 4 || i == 7) ? s[i] != '-' : (s[i] < '0' || s[i] > '9')))
			return 0;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	return valid_ymd(*y, *m, *d);
}

static void put_ymd(char out[11], int y, int m, int d)
{
	out[0] = (char)('0' + y / 1000 % 10);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

int cl_when_resolve(const cl_when *w, const char *article, char out[11])
{
	int ay, am, ad, y, m, d, have;
	long z, wd;

	have = article != NULL && strlen(article) >= 10 && parse_ymd(article, &ay, &am, &ad);
	if (w != NULL && w->kind == CL_WHEN_FULL && valid_ymd(w->y, w->m, w->d)) {
		put_ymd(out, w->y, w->m, w->d);
		return 1;
	}
	if (!have) {
		/* An article date that is not a valid day is kept as given. */
		if (article != NULL && strlen(article) == 10) {
			memcpy(out, article, 11);
			return 1;
		}
		return 0;
	}
	z = days_from_civil(ay, am, ad);
	y = ay;
	m = am;
	d = ad;
	switch (w ? w->kind : CL_WHEN_ARTICLE) {
	case CL_WHEN_DAYS_BACK:
		if (w->d >= 0 && w->d <= 366)
			civil_from_days(z - w->d, &y, &m, &d);
		break;
	case CL_WHEN_WEEKDAY:
	case CL_WHEN_LAST_WEEKDAY:
		if (w->d < 0 || w->d > 6)
			break;
		/* 1970-01-01 was a Thursday (3, Monday = 0). */
		wd = ((z + 3) % 7 + 7) % 7;
		wd = (wd - w->d + 7) % 7;
		if (wd == 0 && w->kind == CL_WHEN_LAST_WEEKDAY)
			wd = 7;
		civil_from_days(z - wd, &y, &m, &d);
		break;
	case CL_WHEN_MONTH_DAY:
		if (w->m < 1 || w->m > 12)
			break;
		y = (w->m > am || (w->m == am && w->d > ad)) ? ay - 1 : ay;
		if (!valid_ymd(y, w->m, w->d)) {
			y = ay;
			break;
		}
		m = w->m;
		d = w->d;
		break;
	default:
		break;
	}
	put_ymd(out, y, m, d);
	return 1;
}

json_t *cl_claim_to_json(const cl_extraction *x, const cl_claim *c,
			 const char *source, const char *date)
{
	json_t *o = json_object();
	char day[11];

	if (o == NULL || c == NULL)
		goto fail;
	if (source == NULL && x != NULL)
		source = x->url;
	if (date == NULL)
		date = c->date ? c->date : (x ? x->date : NULL);
	else if (cl_when_resolve(&c->when, date, day))
		date = day;
	if (set_str(o, "text", c->text) || set_str(o, "speaker", c->speaker) ||
	    set_str(o, "kind", c->kind) ||
	    json_object_set_new(o, "offset", json_integer((json_int_t)c->offset)) ||
	    json_object_set_new(o, "length", json_integer((json_int_t)c->length)) ||
	    set_str(o, "context", c->context) || set_str(o, "source", source) ||
	    set_str(o, "date", date))
		goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}
