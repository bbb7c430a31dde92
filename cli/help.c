/*
 * help.c: the command table, and the help, man page and shell completions
 * printed from it (help.h says how to add a command or a flag).
 *
 * Each command's entry holds its usage lines (the first one "usage:
 * claimledger NAME ...", kept as scripts and tests grep them), its one-line
 * purpose, its flags (`<name>_flags`, each with one line of meaning), its
 * subcommands if any, and examples, one command line a line.  Nothing
 * here is third-party text: it is printed as it is.
 */
#define _XOPEN_SOURCE 700
#include "cli/help.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- the flags every command of a kind shares ------------------------------ */

#define FLAG_LEDGER \
	{ "--ledger", "DIR", "the ledger directory (else $CLAIMLEDGER_DIR, else " \
	  "./.claimledger)", NULL }
#define FLAG_KEY \
	{ "--key", "FILE", "an editor's signing key (else $CLAIMLEDGER_KEY)", NULL }
#define FLAG_OWNER_KEY \
	{ "--key", "OWNER", "the owner's signing key (else $CLAIMLEDGER_KEY)", NULL }
#define FLAG_PASSFILE \
	{ "--passphrase-file", "F", "the key's passphrase, one line (else " \
	  "$CLAIMLEDGER_PASSPHRASE_FILE)", NULL }
#define FLAG_END { NULL, NULL, NULL, NULL }

#define VERDICTS "true mostly-true mixed mostly-false false misleading unproven"
#define TYPES "genesis editor claim verdict correction alias config"

/* Taken by every command without being in its table (cli_getopt). */
static const struct cli_flag common_flags[] = {
	{ "--shared-ledger", NULL, "open a ledger that another user owns or that "
	  "group or others may write ($CLAIMLEDGER_SHARED_LEDGER=1)", NULL },
	{ "--help", NULL, "this text (also: claimledger help COMMAND)", NULL },
	FLAG_END
};

/* ---- each command's flags, one line each ----------------------------------- */

static const struct cli_flag keygen_flags[] = {
	{ "--name", "NAME", "the key's name, as signatures and its verifier key "
	  "carry it", NULL },
	{ "--out", "FILE", "write the secret key to FILE (mode 0600) and the "
	  "verifier key to FILE.pub", NULL },
	{ "--passphrase-file", "F", "encrypt the secret key with this passphrase "
	  "(one line)", NULL },
	{ "--witness", NULL, "a witness's key: FILE.pub is its cosigner verifier "
	  "key (type 0x04), for verify --witness", NULL },
	{ "--ledger", "DIR", "the ledger the key file must stay out of (else "
	  "$CLAIMLEDGER_DIR, else ./.claimledger)", NULL },
	FLAG_END
};

static const struct cli_flag init_flags[] = {
	{ "--key", "FILE", "the owner's key, which signs the genesis (else "
	  "$CLAIMLEDGER_KEY)", NULL },
	{ "--origin", "ORIGIN", "the log's name in its checkpoints, e.g. "
	  "example.org/claims (else claimledger/ and the key id)", NULL },
	{ "--newsroom", "NAME", "the newsroom that authors the fact-checks "
	  "(ClaimReview exports)", NULL },
	{ "--newsroom-url", "URL", "the newsroom's web address", NULL },
	FLAG_PASSFILE,
	FLAG_LEDGER,
	FLAG_END
};

static const struct cli_flag config_flags[] = {
	{ "--newsroom", "NAME", "set the newsroom's name (the ClaimReview author)",
	  NULL },
	{ "--url", "URL", "set the newsroom's web address", NULL },
	FLAG_OWNER_KEY,
	FLAG_PASSFILE,
	FLAG_LEDGER,
	FLAG_END
};

static const struct cli_flag editor_flags[] = {
	{ "--key", "OWNER", "add, revoke: the owner's signing key (else "
	  "$CLAIMLEDGER_KEY)", NULL },
	FLAG_PASSFILE,
	{ "--json", NULL, "list: one JSON object a line", NULL },
	FLAG_LEDGER,
	FLAG_END
};

static const struct cli_flag add_flags[] = {
	{ "--speaker", "S", "who made the claim", NULL },
	{ "--source", "URL", "where it was made (the article's URL)", NULL },
	{ "--date", "YYYY-MM-DD", "when it was made", NULL },
	{ "--kind", "KIND", "direct (the speaker's own words) or indirect "
	  "(reported)", "direct indirect" },
	{ "--context", "TEXT", "the sentence around the claim", NULL },
	{ "--document", "D", "the SHA-256 (hex) of the archived article it "
	  "comes from", NULL },
	FLAG_KEY,
	FLAG_PASSFILE,
	FLAG_LEDGER,
	FLAG_END
};

static const struct cli_flag extract_flags[] = {
	{ "--source", "URL", "the article's URL (else its url header line)", NULL },
	{ "--date", "YYYY-MM-DD", "the article's date (else its date header line)",
	  NULL },
	{ "--json", NULL, "one JSON object a line, the shape import --jsonl takes",
	  NULL },
	{ "--speakers", "FILE", "the speaker alias table (else "
	  "$CLAIMLEDGER_SPEAKERS, else the installed one)", NULL },
	{ "--ledger", "DIR", "also map speakers through this ledger's aliases "
	  "(else $CLAIMLEDGER_DIR, else ./.claimledger, if there)", NULL },
	{ "--lang", "en|es", "the article's language (else its lang header line, "
	  "else detected from its words)", "en es" },
	FLAG_END
};

static const struct cli_flag import_flags[] = {
	{ "--jsonl", "FILE", "append reviewed claims instead, one JSON object a "
	  "line (- reads stdin)", NULL },
	{ "--article", "ARTICLE", "with --jsonl: archive this article, the "
	  "document its claims cite", NULL },
	{ "--source", "URL", "the article's URL (else its url header line)", NULL },
	{ "--date", "YYYY-MM-DD", "the article's date (else its date header line)",
	  NULL },
	{ "--speakers", "FILE", "the speaker alias table (else "
	  "$CLAIMLEDGER_SPEAKERS, else the installed one)", NULL },
	{ "--dry-run", NULL, "with --jsonl: check every line, sign nothing", NULL },
	{ "--lang", "en|es", "the article's language (else its lang header line, "
	  "else detected from its words)", "en es" },
	FLAG_KEY,
	FLAG_PASSFILE,
	FLAG_LEDGER,
	FLAG_END
};

static const struct cli_flag review_flags[] = {
	{ "--source", "URL", "the article's URL (else its url header line)", NULL },
	{ "--date", "YYYY-MM-DD", "the article's date (else its date header line)",
	  NULL },
	{ "--speakers", "FILE", "the speaker alias table (else "
	  "$CLAIMLEDGER_SPEAKERS, else the installed one)", NULL },
	{ "--yes", NULL, "sign what was kept without asking (needed without a "
	  "terminal)", NULL },
	{ "--lang", "en|es", "the article's language (else its lang header line, "
	  "else detected from its words)", "en es" },
	FLAG_KEY,
	FLAG_PASSFILE,
	FLAG_LEDGER,
	FLAG_END
};

static const struct cli_flag alias_flags[] = {
	{ "--key", "FILE", "add, remove: an editor's signing key (else "
	  "$CLAIMLEDGER_KEY)", NULL },
	FLAG_PASSFILE,
	{ "--json", NULL, "list: one JSON object a line", NULL },
	FLAG_LEDGER,
	FLAG_END
};

static const struct cli_flag list_flags[] = {
	{ "--speaker", "S", "claims by this speaker (the whole name, any case)",
	  NULL },
	{ "--source", "S", "claims from this source URL", NULL },
	{ "--since", "D", "records dated D (YYYY-MM-DD) or later", NULL },
	{ "--until", "D", "records dated D (YYYY-MM-DD) or earlier", NULL },
	{ "--type", "T", "records of this type: genesis, editor, claim, verdict, "
	  "correction, alias or config", TYPES },
	{ "--verdict", "V", "claims whose current verdict is V (none: not rated)",
	  VERDICTS " none" },
	{ "--grep", "TEXT", "records whose text, note or reason holds TEXT (any "
	  "case)", NULL },
	{ "--limit", "N", "at most N records", NULL },
	{ "--json", NULL, "one JSON object a line, claims with their current view",
	  NULL },
	{ "--all", NULL, "genesis, editor and config records too (hidden unless "
	  "--all or --type)", NULL },
	{ "--wide", NULL, "never cut a cell (the table may pass the terminal's "
	  "width)", NULL },
	{ "--columns", "N", "lay the table out for N columns (40 to 1000; else the "
	  "terminal's width, else $COLUMNS, else 80)", NULL },
	FLAG_LEDGER,
	FLAG_END
};

static const struct cli_flag show_flags[] = {
	{ "--json", NULL, "one JSON line: the record, its history and current "
	  "view", NULL },
	{ "--columns", "N", "wrap for N columns (40 to 1000; else the terminal's "
	  "width, else $COLUMNS, else 80)", NULL },
	FLAG_LEDGER,
	FLAG_END
};

static const struct cli_flag rate_flags[] = {
	{ "--verdict", "V", "the rating: true, mostly-true, mixed, mostly-false, "
	  "false, misleading or unproven", VERDICTS },
	{ "--note", "TEXT", "why, in a sentence or two", NULL },
	{ "--evidence", "URL...", "a source the verdict rests on (give one "
	  "--evidence per source)", NULL },
	{ "--url", "URL", "the fact-check article's own address (the "
	  "ClaimReview url)", NULL },
	{ "--speaker-type", "T", "what the claim's speaker is, person or "
	  "organization (the ClaimReview author; else the current verdict's, "
	  "else read from the name)", "person organization" },
	FLAG_KEY,
	FLAG_PASSFILE,
	FLAG_LEDGER,
	FLAG_END
};

static const struct cli_flag correct_flags[] = {
	{ "--reason", "TEXT", "why the record is corrected (required)", NULL },
	{ "--text", "T", "the claim's corrected words", NULL },
	{ "--speaker", "S", "the claim's corrected speaker", NULL },
	{ "--source", "U", "the claim's corrected source URL", NULL },
	{ "--date", "D", "the claim's corrected date (YYYY-MM-DD)", NULL },
	{ "--kind", "KIND", "the claim's corrected kind: direct, indirect or manual",
	  "direct indirect manual" },
	{ "--offset", "N", "where the words begin in the claim's article (bytes)",
	  NULL },
	{ "--length", "N", "how many bytes of the article they take", NULL },
	{ "--verdict", "V", "a verdict's corrected rating", VERDICTS },
	{ "--note", "TEXT", "a verdict's corrected note", NULL },
	FLAG_KEY,
	FLAG_PASSFILE,
	FLAG_LEDGER,
	FLAG_END
};

static const struct cli_flag verify_flags[] = {
	{ "--full", NULL, "check every signature, not only those since the last "
	  "verify", NULL },
	{ "--checkpoint", "FILE", "and that the ledger extends this checkpoint "
	  "(signed by the owner)", NULL },
	{ "--witness", "PUBFILE...", "with --checkpoint: a witness's verifier key "
	  "(keygen --witness); its cosignature must verify (repeat for each "
	  "witness)", NULL },
	{ "--quorum", "N", "with --witness: at least N of the witnesses must have "
	  "cosigned (default: all of them)", NULL },
	FLAG_LEDGER,
	FLAG_END
};

static const struct cli_flag witness_flags[] = {
	{ "--log-key", "PUBFILE", "the log owner's verifier key (FILE.pub of "
	  "keygen), which signs the checkpoint under its origin", NULL },
	{ "--key", "WITNESS", "the witness's own key (keygen --witness), which "
	  "cosigns", NULL },
	FLAG_PASSFILE,
	{ "--proof", "FILE", "the consistency proof from the size cosigned before "
	  "(what claimledger consistency OLD NEW prints)", NULL },
	{ "--state", "DIR", "where the witness remembers what it cosigned (else "
	  "$XDG_STATE_HOME/claimledger/witness/KEYID, else "
	  "~/.local/state/claimledger/witness/KEYID; one per witness key)", NULL },
	{ "--out", "FILE", "write the cosigned checkpoint to FILE instead of "
	  "stdout", NULL },
	FLAG_END
};

static const struct cli_flag checkpoint_flags[] = {
	{ "--key", "OWNER", "the owner's signing key, which signs it (else "
	  "$CLAIMLEDGER_KEY)", NULL },
	FLAG_PASSFILE,
	FLAG_LEDGER,
	FLAG_END
};

static const struct cli_flag prove_flags[] = {
	{ "--checkpoint", "FILE", "prove against this checkpoint (else the latest "
	  "the ledger keeps)", NULL },
	FLAG_LEDGER,
	FLAG_END
};

static const struct cli_flag consistency_flags[] = {
	FLAG_LEDGER,
	FLAG_END
};

static const struct cli_flag export_flags[] = {
	{ "--format", "F", "jsonl (the verifiable one, the default), csv, "
	  "claimreview or html", "jsonl csv claimreview html" },
	{ "--out", "FILE", "write FILE (whole or not at all) instead of stdout",
	  NULL },
	{ "--key", "OWNER", "jsonl: end with a checkpoint of now, signed with the "
	  "owner's key", NULL },
	{ "--raw", NULL, "csv: no ' before cells a spreadsheet would run as "
	  "formulas", NULL },
	{ "--no-documents", NULL, "jsonl: leave out the archived articles (then "
	  "verify-export cannot check the quotes)", NULL },
	{ "--bom", NULL, "csv: start with a UTF-8 byte-order mark (for Excel)",
	  NULL },
	FLAG_PASSFILE,
	FLAG_LEDGER,
	FLAG_END
};

static const struct cli_flag publish_flags[] = {
	{ "--key", "OWNER", "sign and publish a checkpoint of now with the "
	  "owner's key (else the latest stored checkpoint)", NULL },
	{ "--cosigned", "FILE...", "the checkpoint with a witness's cosignature "
	  "lines, to publish with it (repeatable)", NULL },
	FLAG_PASSFILE,
	FLAG_LEDGER,
	FLAG_END
};

static const struct cli_flag article_flags[] = {
	{ "--claims", NULL, "mark each claim's words: [[N| where claim N starts, "
	  "|N]] where it ends", NULL },
	FLAG_LEDGER,
	FLAG_END
};

static const struct cli_flag verify_export_flags[] = {
	{ "--pubkey", "PUBFILE", "the owner's verifier key file (FILE.pub of "
	  "keygen)", NULL },
	FLAG_END
};

static const struct cli_flag verify_proof_flags[] = {
	{ "--pubkey", "PUBFILE", "the owner's verifier key file (FILE.pub of "
	  "keygen)", NULL },
	{ "--record", "LINE", "the record's JSON line, or a file holding it (- "
	  "reads stdin)", NULL },
	{ "--body", "FILE", "a file of the record's canonical body bytes", NULL },
	FLAG_END
};

static const struct cli_flag monitor_flags[] = {
	{ "--pubkey", "PUBFILE", "the owner's verifier key file (FILE.pub of "
	  "keygen)", NULL },
	{ "--state", "FILE", "the state file (default: one per source under "
	  "$XDG_STATE_HOME/claimledger/monitor/)", NULL },
	{ "--witness", "PUBFILE", "a witness's cosigner key (keygen --witness); "
	  "repeatable", NULL },
	{ "--quorum", "N", "valid cosignatures required of those witnesses "
	  "(default: all of them)", NULL },
	FLAG_END
};

static const struct cli_flag stats_flags[] = {
	{ "--top", "N", "the N speakers and articles with the most claims (default "
	  "10; 0: all)", NULL },
	{ "--json", NULL, "one JSON object", NULL },
	FLAG_LEDGER,
	FLAG_END
};

static const struct cli_flag help_flags[] = {
	{ "--man", NULL, "the man page claimledger(1), as roff", NULL },
	{ "--bash", NULL, "the bash completion script", NULL },
	{ "--zsh", NULL, "the zsh completion function", NULL },
	FLAG_END
};

/* ---- the table ------------------------------------------------------------- */

/* name, function, usage, purpose, flags, subcommands, examples */
const struct cli_cmd cli_commands[] = {
	{ "keygen", cmd_keygen,
	  "usage: claimledger keygen --name NAME --out FILE [--passphrase-file F]\n"
	  "                          [--witness]",
	  "Make a new Ed25519 key: the secret in FILE (mode 0600), the verifier key in FILE.pub.",
	  keygen_flags, NULL,
	  "claimledger keygen --name owner --out owner.key\n"
	  "claimledger keygen --name alice --out alice.key --passphrase-file pass\n"
	  "claimledger keygen --name factcheck.example/witness --out w1.key --witness" },
	{ "init", cmd_init,
	  "usage: claimledger init --key FILE [--origin ORIGIN] [--passphrase-file F]\n"
	  "                        [--newsroom NAME] [--newsroom-url URL]",
	  "Make a new ledger, its genesis signed by this owner key.",
	  init_flags, NULL,
	  "claimledger init --key owner.key --origin example.org/claims\n"
	  "claimledger init --key owner.key --newsroom 'Example Fact Check'" },
	{ "config", cmd_config,
	  "usage: claimledger config [--newsroom NAME] [--url URL] --key OWNER\n"
	  "   or: claimledger config",
	  "Set the newsroom (ClaimReview author), or show it.",
	  config_flags, NULL,
	  "claimledger config --url https://factcheck.example --key owner.key\n"
	  "claimledger config" },
	{ "editor", cmd_editor,
	  "usage: claimledger editor add NAME PUBFILE --key OWNER\n"
	  "   or: claimledger editor revoke NAME --key OWNER\n"
	  "   or: claimledger editor list [--json]",
	  "Manage who may sign records; only the owner changes it.",
	  editor_flags, "add revoke list",
	  "claimledger editor add alice alice.key.pub --key owner.key\n"
	  "claimledger editor list" },
	{ "add", cmd_add,
	  "usage: claimledger add TEXT --speaker S --source URL --date YYYY-MM-DD\n"
	  "                       --key FILE [--kind direct|indirect] [--context TEXT]\n"
	  "                       [--document D]",
	  "Append one claim by hand and print its seq and id.",
	  add_flags, NULL,
	  "claimledger add 'Crime fell by half' --speaker 'Ana Ruiz' \\\n"
	  "    --source https://news.example/a --date 2024-09-02 --key alice.key" },
	{ "extract", cmd_extract,
	  "usage: claimledger extract ARTICLE [--source URL] [--date YYYY-MM-DD] [--json]\n"
	  "                           [--speakers FILE] [--lang en|es]",
	  "Print the claims found in an article (\"-\" reads stdin); writes nothing.",
	  extract_flags, NULL,
	  "claimledger extract article.txt\n"
	  "claimledger extract article.txt --json > claims.jsonl" },
	{ "import", cmd_import,
	  "usage: claimledger import ARTICLE --key FILE [--source URL] [--date YYYY-MM-DD]\n"
	  "                          [--speakers FILE] [--lang en|es]\n"
	  "   or: claimledger import --jsonl FILE --key FILE [--article ARTICLE]\n"
	  "                          [--dry-run]",
	  "Extract and append an article's claims, or reviewed JSON lines; all or none.",
	  import_flags, NULL,
	  "claimledger import article.txt --key alice.key\n"
	  "claimledger import --jsonl claims.jsonl --article article.txt --key alice.key\n"
	  "claimledger import --jsonl claims.jsonl --key alice.key --dry-run" },
	{ "review", cmd_review,
	  "usage: claimledger review ARTICLE --key FILE [--source URL] [--date YYYY-MM-DD]\n"
	  "                          [--speakers FILE] [--yes] [--passphrase-file F]\n"
	  "                          [--lang en|es]",
	  "Review an article's claims in $VISUAL/$EDITOR, then sign those kept.",
	  review_flags, NULL,
	  "claimledger review article.txt --key alice.key" },
	{ "alias", cmd_alias,
	  "usage: claimledger alias add ALIAS SPEAKER --key FILE\n"
	  "   or: claimledger alias remove ALIAS --key FILE\n"
	  "   or: claimledger alias list [--json]",
	  "Map a speaker name as written to a canonical speaker, as signed records.",
	  alias_flags, "add remove list",
	  "claimledger alias add FNE 'National Nurses Federation' --key alice.key\n"
	  "claimledger alias list" },
	{ "list", cmd_list,
	  "usage: claimledger list [--speaker S] [--source S] [--since D] [--until D]\n"
	  "                        [--type T] [--verdict V] [--grep TEXT] [--limit N]\n"
	  "                        [--json] [--all] [--wide] [--columns N]",
	  "Query records, newest first; claims as corrected, with verdicts.",
	  list_flags, NULL,
	  "claimledger list --speaker 'Ana Ruiz' --verdict false\n"
	  "claimledger list --type claim --since 2024-09-01 --json\n"
	  "claimledger list --wide | less -S" },
	{ "show", cmd_show,
	  "usage: claimledger show ID [--columns N] [--json]",
	  "One record (ID: a seq, seq:N, or 8+ hex digits of its id), corrected, and history.",
	  show_flags, NULL,
	  "claimledger show 12\n"
	  "claimledger show 3fa4c2d1 --json" },
	{ "article", cmd_article,
	  "usage: claimledger article ID [--claims]",
	  "Print an archived article (ID: 8+ hex digits of its SHA-256), raw into a pipe.",
	  article_flags, NULL,
	  "claimledger article 3fa4c2d1 | less\n"
	  "claimledger article 3fa4c2d1 --claims" },
	{ "rate", cmd_rate,
	  "usage: claimledger rate ID --verdict V --key FILE [--note TEXT]\n"
	  "                        [--evidence URL]... [--url URL]\n"
	  "                        [--speaker-type person|organization]\n"
	  "       V: true, mostly-true, mixed, mostly-false, false, misleading, unproven",
	  "Append a verdict on claim ID; the latest is the current one.",
	  rate_flags, NULL,
	  "claimledger rate 12 --verdict false --note 'The census says otherwise' \\\n"
	  "    --evidence https://stats.example/census --key alice.key" },
	{ "correct", cmd_correct,
	  "usage: claimledger correct ID --reason TEXT --key FILE\n"
	  "                           [--text T] [--speaker S] [--source U] [--date D]\n"
	  "                           [--kind direct|indirect|manual]\n"
	  "                           [--offset N --length N]\n"
	  "   or: claimledger correct ID --reason TEXT --key FILE\n"
	  "                           [--verdict V] [--note TEXT]\n"
	  "       --offset/--length: the bytes of the words in the claim's article; a\n"
	  "       direct quote's new --text needs them, or another --kind.\n"
	  "       --verdict/--note: ID is a verdict",
	  "Append a correction of record ID (new values for claims and verdicts).",
	  correct_flags, NULL,
	  "claimledger correct 12 --speaker 'Helena Matos' --reason 'misattributed' \\\n"
	  "    --key alice.key\n"
	  "claimledger correct 14 --verdict mostly-false --reason 'new figures' \\\n"
	  "    --key alice.key" },
	{ "verify", cmd_verify,
	  "usage: claimledger verify [--full] [--checkpoint FILE\n"
	  "                          [--witness PUBFILE]... [--quorum N]]",
	  "Check every record, index and the tree; with a checkpoint, that it only grew.",
	  verify_flags, NULL,
	  "claimledger verify --full\n"
	  "claimledger verify --checkpoint auditor-copy.txt\n"
	  "claimledger verify --checkpoint cp.txt --witness w1.pub --witness w2.pub \\\n"
	  "    --quorum 2" },
	{ "checkpoint", cmd_checkpoint,
	  "usage: claimledger checkpoint --key OWNER [--passphrase-file F]",
	  "Sign and print a C2SP checkpoint (origin, size, root); the ledger keeps it.",
	  checkpoint_flags, NULL,
	  "claimledger checkpoint --key owner.key > checkpoint.txt" },
	{ "prove", cmd_prove,
	  "usage: claimledger prove ID [--checkpoint FILE]",
	  "Inclusion proof of one record as a c2sp.org/tlog-proof@v1 text.",
	  prove_flags, NULL,
	  "claimledger prove 12 > claim12.proof" },
	{ "consistency", cmd_consistency,
	  "usage: claimledger consistency OLD_SIZE [NEW_SIZE]",
	  "RFC 9162 consistency proof between two tree sizes, base64 hashes one a line.",
	  consistency_flags, NULL,
	  "claimledger consistency 100 250" },
	{ "export", cmd_export,
	  "usage: claimledger export [--format jsonl|csv|claimreview|html] [--out FILE]\n"
	  "                          [--key OWNER] [--raw] [--bom] [--no-documents]",
	  "Audit export (jsonl), claims as CSV (--raw: no spreadsheet formula guard), ClaimReview JSON-LD, or a static HTML report.",
	  export_flags, NULL,
	  "claimledger export --key owner.key --out ledger.jsonl\n"
	  "claimledger export --format csv --out claims.csv\n"
	  "claimledger export --format html --out report.html" },
	{ "publish", cmd_publish,
	  "usage: claimledger publish DIR [--key OWNER] [--cosigned FILE]...",
	  "Write the ledger to DIR as C2SP tlog-tiles for any static web server; incremental.",
	  publish_flags, NULL,
	  "claimledger publish /srv/www/ledger --key owner.key\n"
	  "claimledger publish /srv/www/ledger --cosigned checkpoint.witnessed" },
	{ "verify-export", cmd_verify_export,
	  "usage: claimledger verify-export FILE --pubkey PUBFILE",
	  "Verify a jsonl export with nothing but the owner's verifier key.",
	  verify_export_flags, NULL,
	  "claimledger verify-export ledger.jsonl --pubkey owner.key.pub" },
	{ "verify-proof", cmd_verify_proof,
	  "usage: claimledger verify-proof PROOF --pubkey PUBFILE\n"
	  "                                (--record LINE | --body FILE)",
	  "Check one record's tlog proof offline, with only the owner's verifier key.",
	  verify_proof_flags, NULL,
	  "claimledger show 12 --json > claim12.json\n"
	  "claimledger verify-proof claim12.proof --pubkey owner.key.pub \\\n"
	  "    --record claim12.json" },
	{ "monitor", cmd_monitor,
	  "usage: claimledger monitor URL|DIR --pubkey PUBFILE [--state FILE]\n"
	  "                           [--witness PUBFILE]... [--quorum N]",
	  "Follow a published ledger: its checkpoint's signature, consistency with the last one seen (from the tiles alone), every new record.",
	  monitor_flags, NULL,
	  "claimledger monitor https://news.example/ledger/ --pubkey owner.key.pub\n"
	  "claimledger monitor /srv/ledger --pubkey owner.key.pub --state audit.state" },
	{ "witness", cmd_witness,
	  "usage: claimledger witness cosign CHECKPOINT --log-key PUBFILE --key WITNESS\n"
	  "                                  [--proof FILE] [--state DIR] [--out FILE]",
	  "Cosign another log's checkpoint, if consistent with the last one this witness cosigned.",
	  witness_flags, "cosign",
	  "claimledger consistency 5 8 > proof.txt\n"
	  "claimledger witness cosign checkpoint.txt --log-key owner.key.pub \\\n"
	  "    --key w1.key --proof proof.txt --out cosigned.txt" },
	{ "stats", cmd_stats,
	  "usage: claimledger stats [--top N] [--json]",
	  "An overview: claims by verdict, speaker, article and month; records by type.",
	  stats_flags, NULL,
	  "claimledger stats\n"
	  "claimledger stats --top 20 --json" },
	{ "help", cmd_help,
	  "usage: claimledger help [COMMAND]\n"
	  "   or: claimledger help --man | --bash | --zsh",
	  "The command list, one command's help, the man page or a completion script.",
	  help_flags, "*commands*",
	  "claimledger help list\n"
	  "claimledger help --man > claimledger.1" },
};

const size_t cli_ncommands = sizeof cli_commands / sizeof cli_commands[0];

/* The subcommands of `c`, space-separated: its own, or for `help` (marked
 * "*commands*") every command's name, which `help` takes. */
static void put_words(FILE *f, const struct cli_cmd *c)
{
	size_t i;

	if (c->words == NULL)
		return;
	if (strcmp(c->words, "*commands*") != 0) {
		fputs(c->words, f);
		return;
	}
	for (i = 0; i < cli_ncommands; i++)
		fprintf(f, "%s%s", i ? " " : "", cli_commands[i].name);
}

const struct cli_cmd *cli_command_find(const char *name)
{
	size_t i;

	for (i = 0; i < cli_ncommands; i++)
		if (strcmp(cli_commands[i].name, name) == 0)
			return &cli_commands[i];
	return NULL;
}

/* ---- did you mean ------------------------------------------------------------ */

#define DIST_MAX_LEN 64

size_t cli_edit_distance(const char *a, const char *b)
{
	/* d[i][j]: the distance between the first i bytes of a and j of b. */
	unsigned char d[DIST_MAX_LEN + 1][DIST_MAX_LEN + 1];
	size_t n = strlen(a), m = strlen(b), i, j, best;

	if (n > DIST_MAX_LEN || m > DIST_MAX_LEN)
		return SIZE_MAX;
	for (i = 0; i <= n; i++)
		d[i][0] = (unsigned char)i;
	for (j = 0; j <= m; j++)
		d[0][j] = (unsigned char)j;
	for (i = 1; i <= n; i++) {
		for (j = 1; j <= m; j++) {
			best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1u < best)
				best = d[i - 1][j] + 1u;
			if (d[i][j - 1] + 1u < best)
				best = d[i][j - 1] + 1u;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1u < best)
				best = d[i - 2][j - 2] + 1u;
			d[i][j] = (unsigned char)best;
		}
	}
	return d[n][m];
}

const struct cli_cmd *cli_command_suggest(const char *name)
{
	const struct cli_cmd *best = NULL;
	size_t i, d, len, best_d = SIZE_MAX;

	for (i = 0; i < cli_ncommands; i++) {
		d = cli_edit_distance(name, cli_commands[i].name);
		len = strlen(name) > strlen(cli_commands[i].name) ?
			      strlen(name) : strlen(cli_commands[i].name);
		/* Close: at most two edits, and fewer than half the word. */
		if (d <= 2 && 2 * d < len && d < best_d) {
			best = &cli_commands[i];
			best_d = d;
		}
	}
	return best;
}

_Noreturn void cli_unknown_command(const char *name)
{
	const struct cli_cmd *near = cli_command_suggest(name);

	if (near != NULL)
		cli_die(EXIT_USAGE, "unknown command '%s'; did you mean '%s'?", name,
			near->name);
	cli_die(EXIT_USAGE, "unknown command '%s'; see 'claimledger --help'", name);
}

/* ---- text for a terminal ----------------------------------------------------- */

#define FLAG_COLUMN 25 /* where a flag's meaning starts */

/*
 * Print `text` from column `col` (where the cursor is), word by word,
 * starting a new line indented by `indent` before a word that would pass
 * CLI_HELP_WIDTH; ends the line.  A word wider than the room is printed
 * whole.
 */
static void put_wrapped(FILE *f, const char *text, size_t col, size_t indent)
{
	const char *w = text, *end;
	char word[256];
	size_t len, width, first = 1;

	while (*w) {
		while (*w == ' ')
			w++;
		if (*w == '\0')
			break;
		end = strchr(w, ' ');
		len = end ? (size_t)(end - w) : strlen(w);
		snprintf(word, sizeof word, "%.*s", (int)len, w);
		width = cli_width(word);
		if (!first && col + 1 + width > CLI_HELP_WIDTH) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
		} else if (!first) {
			fputc(' ', f);
			col++;
		}
		fputs(word, f);
		col += width;
		first = 0;
		w += len;
	}
	fputc('\n', f);
}

void cli_help_list(FILE *f)
{
	size_t i;

	fputs("usage: claimledger COMMAND [ARGS] [--ledger DIR]\n\ncommands:\n", f);
	for (i = 0; i < cli_ncommands; i++) {
		fprintf(f, "  %-13s ", cli_commands[i].name);
		put_wrapped(f, cli_commands[i].summary, 16, 16);
	}
	fputs("\n'claimledger COMMAND --help' shows one command's usage, flags and\n"
	      "examples; 'man claimledger' all of them.\n"
	      "exit status: 0 ok, 1 integrity check failed, 2 usage or bad input,\n"
	      "3 ledger or I/O error.\n", f);
}

static void put_flags(FILE *f, const struct cli_flag *fl)
{
	char head[128];
	size_t w;

	for (; fl->name != NULL; fl++) {
		snprintf(head, sizeof head, "%s%s%s", fl->name, fl->arg ? " " : "",
			 fl->arg ? fl->arg : "");
		w = 2 + strlen(head);
		fprintf(f, "  %s", head);
		if (w + 1 > FLAG_COLUMN) {
			fprintf(f, "\n%*s", FLAG_COLUMN, "");
		} else {
			fprintf(f, "%*s", (int)(FLAG_COLUMN - w), "");
		}
		put_wrapped(f, fl->help, FLAG_COLUMN, FLAG_COLUMN);
	}
}

void cli_help_print(FILE *f, const struct cli_cmd *c)
{
	const char *e, *nl;

	fprintf(f, "%s\n\n", c->usage);
	put_wrapped(f, c->summary, 0, 0);
	fputs("\noptions:\n", f);
	put_flags(f, c->flags);
	put_flags(f, common_flags);
	fputs("\nexamples:\n", f);
	for (e = c->examples; *e; e = *nl ? nl + 1 : nl) {
		nl = strchr(e, '\n');
		if (nl == NULL)
			nl = e + strlen(e);
		fprintf(f, "  %.*s\n", (int)(nl - e), e);
	}
}

/* The flag `--name` (`name` without the dashes) in `fl`, or NULL. */
static const struct cli_flag *flag_find(const struct cli_flag *fl, const char *name)
{
	for (; fl->name != NULL; fl++)
		if (strncmp(fl->name, "--", 2) == 0 && strcmp(fl->name + 2, name) == 0)
			return fl;
	return NULL;
}

static int is_common(const char *name)
{
	return flag_find(common_flags, name) != NULL;
}

int cli_help_check(const struct cli_cmd *c, const struct option *options, FILE *err)
{
	const struct cli_flag *fl;
	const struct option *o;
	int bad = 0;

	for (o = options; o->name != NULL; o++) {
		if (is_common(o->name))
			continue;
		fl = flag_find(c->flags, o->name);
		if (fl == NULL) {
			fprintf(err, "claimledger: %s: option '--%s' is missing from its "
				"help (the command table, cli/help.c)\n", c->name, o->name);
			bad++;
		} else if ((fl->arg != NULL) != (o->has_arg != no_argument)) {
			fprintf(err, "claimledger: %s: option '--%s' %s a value but its "
				"help says otherwise (cli/help.c)\n", c->name, o->name,
				o->has_arg != no_argument ? "takes" : "takes no");
			bad++;
		}
	}
	for (fl = c->flags; fl->name != NULL; fl++) {
		for (o = options; o->name != NULL; o++)
			if (strcmp(fl->name + 2, o->name) == 0)
				break;
		if (o->name == NULL) {
			fprintf(err, "claimledger: %s: its help lists '%s', which the "
				"command does not take (cli/help.c)\n", c->name, fl->name);
			bad++;
		}
	}
	return bad;
}

/* ---- the man page -------------------------------------------------------------- */

static const char man_description[] =
	"claimledger keeps a newsroom's claims, the verdicts on them and their "
	"corrections in an append-only ledger. Every record is signed by an "
	"editor the owner has added, names the record before it, and is a leaf "
	"of a Merkle tree whose checkpoints the owner signs: anyone holding the "
	"owner's verifier key can check an export, and an auditor who kept an "
	"earlier checkpoint can check that nothing was rewritten since.\n"
	"Nothing is ever changed in place: a verdict or a correction is a new "
	"record pointing at the claim, and list, show and the exports present "
	"each claim as corrected, with its current verdict.\n"
	"An ID names a record: its seq, seq:N, or at least 8 hex digits of its "
	"id. A date is YYYY-MM-DD. Every error is one line on standard error, "
	"claimledger: WHAT: WHY; bad input leaves the ledger as it was.";

static const struct { const char *name, *help; } man_environment[] = {
	{ "NO_COLOR", "when set and not empty: no colour, even on a terminal" },
	{ "COLUMNS", "the width list and show lay out for when stdout is no "
	  "terminal (else 80)" },
	{ "VISUAL", "the editor review opens the sheet in (else $EDITOR, else vi)" },
	{ "EDITOR", "the editor review opens when $VISUAL is not set" },
	{ "CLAIMLEDGER_DIR", "the ledger directory when --ledger is not given "
	  "(else ./.claimledger)" },
	{ "CLAIMLEDGER_KEY", "the signing key file when --key is not given" },
	{ "CLAIMLEDGER_PASSPHRASE_FILE", "the key's passphrase file when "
	  "--passphrase-file is not given" },
	{ "CLAIMLEDGER_SHARED_LEDGER", "1: as --shared-ledger; 0 or unset: not" },
	{ "CLAIMLEDGER_SPEAKERS", "the speaker alias table of extract and import "
	  "when --speakers is not given" },
	{ "CLAIMLEDGER_THREADS", "how many threads sign and verify (default: one "
	  "a CPU)" },
	{ "CLAIMLEDGER_TIME", "the time new records carry, in seconds since the "
	  "epoch (tests, reproducible demos)" },
};

static const struct { const char *name, *help; } man_exit[] = {
	{ "0", "success" },
	{ "1", "an integrity, signature or proof check failed" },
	{ "2", "usage error or bad input: the ledger is untouched" },
	{ "3", "ledger or I/O error" },
};

/*
 * Write `len` bytes of `s` as roff text: a backslash as \e, every '-' as
 * \- (an ASCII hyphen-minus, so that flags copied from the page work), and
 * a '.' or '\'' that begins a line after \& (else it would be a request).
 */
static void roff_put(FILE *f, const char *s, size_t len, int line_start)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (line_start && (s[i] == '.' || s[i] == '\''))
			fputs("\\&", f);
		line_start = s[i] == '\n';
		if (s[i] == '\\')
			fputs("\\e", f);
		else if (s[i] == '-')
			fputs("\\-", f);
		else
			fputc(s[i], f);
	}
}

static void roff_line(FILE *f, const char *s)
{
	roff_put(f, s, strlen(s), 1);
	fputc('\n', f);
}

/* `text`'s lines in a no-fill block, each without its first `cut` bytes
 * when they are spaces, or are "usage: " or "   or: ". */
static void roff_block(FILE *f, const char *text, size_t cut)
{
	const char *l, *nl;
	size_t skip, len;

	fputs(".RS\n.nf\n", f);
	for (l = text; *l; l = *nl ? nl + 1 : nl) {
		nl = strchr(l, '\n');
		if (nl == NULL)
			nl = l + strlen(l);
		len = (size_t)(nl - l);
		skip = 0;
		if (len >= cut && (strncmp(l, "usage: ", 7) == 0 ||
				   strncmp(l, "   or: ", 7) == 0))
			skip = cut;
		while (skip < cut && skip < len && l[skip] == ' ')
			skip++;
		roff_put(f, l + skip, len - skip, 1);
		fputc('\n', f);
	}
	fputs(".fi\n.RE\n", f);
}

static void roff_flags(FILE *f, const struct cli_flag *fl)
{
	for (; fl->name != NULL; fl++) {
		fputs(".TP\n\\fB", f);
		roff_put(f, fl->name, strlen(fl->name), 0);
		fputs("\\fR", f);
		if (fl->arg) {
			fputs(" \\fI", f);
			roff_put(f, fl->arg, strlen(fl->arg), 0);
			fputs("\\fR", f);
		}
		fputc('\n', f);
		roff_line(f, fl->help);
	}
}

void cli_help_man(FILE *f)
{
	const char *p, *nl;
	size_t i;

	fputs(".\\\" claimledger(1): generated by 'claimledger help --man' from the\n"
	      ".\\\" command table in cli/help.c; do not edit (make docs rewrites it).\n"
	      ".TH CLAIMLEDGER 1 \"\" \"claimledger " CLI_VERSION "\" \"User Commands\"\n"
	      ".SH NAME\n"
	      "claimledger \\- a signed, append\\-only ledger of claims and "
	      "fact\\-checks\n"
	      ".SH SYNOPSIS\n"
	      ".B claimledger\n.I COMMAND\n.RI [ ARGS ]\n"
	      ".RB [ \\-\\-ledger\n.IR DIR ]\n.br\n"
	      ".B claimledger help\n.RI [ COMMAND ]\n"
	      ".SH DESCRIPTION\n", f);
	for (p = man_description; *p; p = *nl ? nl + 1 : nl) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		if (p != man_description)
			fputs(".PP\n", f);
		roff_put(f, p, (size_t)(nl - p), 1);
		fputc('\n', f);
	}
	fputs(".SH COMMANDS\n", f);
	for (i = 0; i < cli_ncommands; i++) {
		const struct cli_cmd *c = &cli_commands[i];

		fprintf(f, ".SS %s\n", c->name);
		roff_block(f, c->usage, 7);
		fputs(".PP\n", f);
		roff_line(f, c->summary);
		roff_flags(f, c->flags);
		fputs(".PP\nExamples:\n", f);
		roff_block(f, c->examples, 0);
	}
	fputs(".SH COMMON OPTIONS\nEvery command takes these:\n", f);
	roff_flags(f, common_flags);
	fputs(".SH ENVIRONMENT\n", f);
	for (i = 0; i < sizeof man_environment / sizeof man_environment[0]; i++) {
		fprintf(f, ".TP\n.B %s\n", man_environment[i].name);
		roff_line(f, man_environment[i].help);
	}
	fputs(".SH EXIT STATUS\n", f);
	for (i = 0; i < sizeof man_exit / sizeof man_exit[0]; i++) {
		fprintf(f, ".TP\n.B %s\n", man_exit[i].name);
		roff_line(f, man_exit[i].help);
	}
	fputs(".SH SEE ALSO\n"
	      "README.md and SPEC.md in the source, which define the record, "
	      "export and proof formats.\n", f);
}

/* ---- shell completion ----------------------------------------------------------- */

/* How a flag's value completes: 'v' its values, 'd' a directory, 'f' a
 * file name, 0 nothing (free text). */
static int value_kind(const struct cli_flag *fl)
{
	static const char *const paths[] = { "ARTICLE", "OWNER", "F", "LINE", "PROOF",
					      "WITNESS", "PUBFILE..." };
	size_t i, n;

	if (fl->values != NULL)
		return 'v';
	if (strcmp(fl->arg, "DIR") == 0)
		return 'd';
	n = strlen(fl->arg);
	if (n >= 4 && strcmp(fl->arg + n - 4, "FILE") == 0)
		return 'f';
	for (i = 0; i < sizeof paths / sizeof paths[0]; i++)
		if (strcmp(fl->arg, paths[i]) == 0)
			return 'f';
	return 0;
}

/* The names of the flags of `fl` and the common ones, space-separated. */
static void put_flag_names(FILE *f, const struct cli_flag *fl)
{
	const struct cli_flag *c;

	for (; fl->name != NULL; fl++)
		fprintf(f, "%s ", fl->name);
	for (c = common_flags; c->name != NULL; c++)
		fprintf(f, "%s%s", c->name, c[1].name ? " " : "");
}

void cli_help_bash(FILE *f)
{
	const struct cli_flag *fl;
	size_t i;
	int k;

	fputs("# bash completion for claimledger(1): generated by 'claimledger help\n"
	      "# --bash' from the command table in cli/help.c; do not edit (make docs\n"
	      "# rewrites it).\n\n"
	      "_claimledger()\n{\n"
	      "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev= cmd=${COMP_WORDS[1]}\n"
	      "\tlocal flags= words=\n"
	      "\t[ \"$COMP_CWORD\" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	      "\t# --flag=value: bash splits the word at the '='.\n"
	      "\tif [ \"$prev\" = = ] && [ \"$COMP_CWORD\" -gt 1 ]; then\n"
	      "\t\tprev=${COMP_WORDS[COMP_CWORD-2]}\n"
	      "\telif [ \"$cur\" = = ]; then\n"
	      "\t\tprev=${COMP_WORDS[COMP_CWORD-1]} cur=\n"
	      "\tfi\n"
	      "\tCOMPREPLY=()\n"
	      "\tif [ \"$COMP_CWORD\" -eq 1 ]; then\n"
	      "\t\tCOMPREPLY=($(compgen -W '", f);
	for (i = 0; i < cli_ncommands; i++)
		fprintf(f, "%s ", cli_commands[i].name);
	fputs("--help --version' -- \"$cur\"))\n"
	      "\t\treturn 0\n"
	      "\tfi\n"
	      "\tcase $cmd in\n", f);
	for (i = 0; i < cli_ncommands; i++) {
		const struct cli_cmd *c = &cli_commands[i];

		fprintf(f, "\t%s)\n\t\tflags='", c->name);
		put_flag_names(f, c->flags);
		fputs("'\n", f);
		if (c->words) {
			fputs("\t\twords='", f);
			put_words(f, c);
			fputs("'\n", f);
		}
		fputs("\t\t;;\n", f);
	}
	fputs("\t*) return 0 ;;\n"
	      "\tesac\n"
	      "\t# The value of the flag before the cursor.\n"
	      "\tcase \"$cmd $prev\" in\n", f);
	for (i = 0; i < cli_ncommands; i++) {
		for (fl = cli_commands[i].flags; fl->name != NULL; fl++) {
			if (fl->arg == NULL)
				continue;
			fprintf(f, "\t'%s %s')\n\t\t", cli_commands[i].name, fl->name);
			k = value_kind(fl);
			if (k == 'v')
				fprintf(f, "COMPREPLY=($(compgen -W '%s' -- \"$cur\"))\n",
					fl->values);
			else if (k == 'd' || k == 'f')
				fprintf(f, "mapfile -t COMPREPLY < <(compgen -%c -- \"$cur\")\n"
					"\t\tcompopt -o filenames 2>/dev/null\n", k);
			else
				fputs(": free text\n", f);
			fputs("\t\treturn 0 ;;\n", f);
		}
	}
	fputs("\tesac\n"
	      "\tif [[ $cur == -* ]]; then\n"
	      "\t\tCOMPREPLY=($(compgen -W \"$flags\" -- \"$cur\"))\n"
	      "\telif [ -n \"$words\" ] && [ \"$COMP_CWORD\" -eq 2 ]; then\n"
	      "\t\tCOMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
	      "\telse\n"
	      "\t\tmapfile -t COMPREPLY < <(compgen -f -- \"$cur\")\n"
	      "\t\tcompopt -o filenames 2>/dev/null\n"
	      "\tfi\n"
	      "\treturn 0\n"
	      "}\n\n"
	      "complete -F _claimledger claimledger\n", f);
}

/* 1 when `fl` may be given more than once: its value's name ends in
 * "..." ("--evidence URL..."). */
static int repeats(const struct cli_flag *fl)
{
	size_t n = fl->arg ? strlen(fl->arg) : 0;

	return n > 3 && strcmp(fl->arg + n - 3, "...") == 0;
}

/* `s` inside a zsh single-quoted word, and inside an _arguments
 * description when `brackets`: ' as '\'', and [ ] \ escaped. */
static void zsh_put(FILE *f, const char *s, int brackets)
{
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else if (brackets && (*s == '[' || *s == ']' || *s == '\\'))
			fprintf(f, "\\%c", *s);
		else
			fputc(*s, f);
	}
}

void cli_help_zsh(FILE *f)
{
	const struct cli_flag *fl;
	size_t i;
	int k, pass;

	fputs("#compdef claimledger\n"
	      "# zsh completion for claimledger(1): generated by 'claimledger help\n"
	      "# --zsh' from the command table in cli/help.c; do not edit (make docs\n"
	      "# rewrites it).\n\n"
	      "_claimledger() {\n"
	      "\tlocal -a commands\n"
	      "\tcommands=(\n", f);
	for (i = 0; i < cli_ncommands; i++) {
		fprintf(f, "\t\t'%s:", cli_commands[i].name);
		zsh_put(f, cli_commands[i].summary, 0);
		fputs("'\n", f);
	}
	fputs("\t)\n"
	      "\tif (( CURRENT == 2 )); then\n"
	      "\t\t_describe -t commands 'claimledger command' commands\n"
	      "\t\treturn\n"
	      "\tfi\n"
	      "\tlocal cmd=$words[2]\n"
	      "\tshift words\n"
	      "\t(( CURRENT-- ))\n"
	      "\tcase $cmd in\n", f);
	for (i = 0; i < cli_ncommands; i++) {
		const struct cli_cmd *c = &cli_commands[i];

		fprintf(f, "\t(%s)\n\t\t_arguments -s", c->name);
		for (pass = 0; pass < 2; pass++) {
			for (fl = pass ? common_flags : c->flags; fl->name != NULL; fl++) {
				fprintf(f, " \\\n\t\t\t'%s%s%s[", repeats(fl) ? "*" : "",
					fl->name, fl->arg ? "=" : "");
				zsh_put(f, fl->help, 1);
				fputc(']', f);
				if (fl->arg) {
					fprintf(f, ":%.*s", (int)(strlen(fl->arg) -
								  (repeats(fl) ? 3 : 0)), fl->arg);
					k = value_kind(fl);
					if (k == 'v') {
						fputs(":(", f);
						zsh_put(f, fl->values, 0);
						fputc(')', f);
					} else {
						fputs(k == 'd' ? ":_files -/" :
						      k == 'f' ? ":_files" : ": ", f);
					}
				}
				fputc('\'', f);
			}
		}
		if (c->words) {
			fputs(" \\\n\t\t\t'1:subcommand:(", f);
			put_words(f, c);
			fputs(")'", f);
		}
		fputs(" \\\n\t\t\t'*:argument:_files'\n\t\t;;\n", f);
	}
	fputs("\tesac\n"
	      "}\n\n"
	      "if [ \"$funcstack[1]\" = _claimledger ]; then\n"
	      "\t_claimledger \"$@\"\n"
	      "else\n"
	      "\tcompdef _claimledger claimledger\n"
	      "fi\n", f);
}

/* ---- claimledger help ------------------------------------------------------------ */

enum { OPT_MAN = OPT_FIRST_OWN, OPT_BASH, OPT_ZSH };

int cmd_help(int argc, char **argv)
{
	static const struct option options[] = {
		{ "man", no_argument, NULL, OPT_MAN },
		{ "bash", no_argument, NULL, OPT_BASH },
		{ "zsh", no_argument, NULL, OPT_ZSH },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 },
	};
	static char help_flag[] = "--help";
	struct cli_opts o = { 0 };
	const struct cli_cmd *c;
	char *cmd_argv[3];
	int opt, what = 0;

	while ((opt = cli_getopt(argc, argv, options)) != -1) {
		if (opt == OPT_MAN || opt == OPT_BASH || opt == OPT_ZSH) {
			if (what != 0)
				cli_usage("give one of --man, --bash and --zsh");
			what = opt;
		} else {
			cli_common_opt(opt, argv, &o);
		}
	}
	if (optind + (what == 0) < argc)
		cli_usage("unexpected argument '%s'", argv[optind + (what == 0)]);
	if (what == OPT_MAN)
		cli_help_man(stdout);
	else if (what == OPT_BASH)
		cli_help_bash(stdout);
	else if (what == OPT_ZSH)
		cli_help_zsh(stdout);
	else if (optind == argc)
		cli_help_list(stdout);
	if (what != 0 || optind == argc)
		return cli_finish_stdout(EXIT_OK);
	/* help CMD: CMD --help, through CMD's own option parser, which checks
	 * its table against the help (cli_help). */
	if ((c = cli_command_find(argv[optind])) == NULL)
		cli_unknown_command(argv[optind]);
	cmd_argv[0] = argv[optind];
	cmd_argv[1] = help_flag;
	cmd_argv[2] = NULL;
	cli_current = c;
	cli_getopt_reset();
	return c->fn(2, cmd_argv);
}
