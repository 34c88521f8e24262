package io.qiaoqiao.gateway.config;

import static io.qiaoqiao.plugin.api.SettingType.DECIMAL;
import static io.qiaoqiao.plugin.api.SettingType.DURATION;
import static io.qiaoqiao.plugin.api.SettingType.FLAG;
import static io.qiaoqiao.plugin.api.SettingType.INTEGER;
import static io.qiaoqiao.plugin.api.SettingType.LIST;
import static io.qiaoqiao.plugin.api.SettingType.PATH;
import static io.qiaoqiao.plugin.api.SettingType.STRING;
import static io.qiaoqiao.plugin.api.SettingType.TIME;
import static io.qiaoqiao.plugin.api.SettingType.ZONE;

import io.qiaoqiao.plugin.api.SettingType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every configuration key the gateway knows, declared once with its type, default and
 * documentation. The defaults come from here, start-up checks every value against its type,
 * {@code check-config} lists them, and tests hold README's key table and
 * {@code ops/qiaoqiao.sample.properties} to these declarations.
 */
public final class Keys {
    /** Environment variables that are not keys but are read by the launcher. */
    public static final String CONFIG_FILE_ENV = "QIAOQIAO_CONFIG";
    /** The family of plugin settings; each plugin declares its own keys ({@code QiaoqiaoPlugin.settings()}). */
    public static final String PLUGIN_PREFIX = "plugin.";
    /** The family of routing weights, one per rule id. */
    public static final String WEIGHT_PREFIX = "routing.weight.";

    public static final List<ConfigKey> ALL = List.of(
            key("node.id", STRING, "", "name of this process in outbox and timer claims (empty: host-pid)"),
            key("zone", ZONE, "Asia/Shanghai", "the studio's time zone (quiet hours, schedules, texts)"),
            key("clock.offset", DURATION, "PT0S", "shifts the studio clock, the database's, that every node reads (may be negative): for tests, rehearsals and demos only, never in production"),

            key("db.url", STRING, "", "PostgreSQL URI, e.g. postgresql://qiaoqiao@db.example:5432/qiaoqiao (required in production; empty: the embedded PostgreSQL of the demo kit)"),
            key("db.user", STRING, "", "database user, when not in the URI"),
            secret("db.password", "database password (QIAOQIAO_DB_PASSWORD)"),
            key("db.password-file", PATH, "", "file whose first line is the database password"),
            key("db.pool-size", INTEGER, "8", "database connections per node"),
            key("db.statement-timeout", DURATION, "PT5S", "longest one statement of intake, dispatch, the outbox or the timers may run; then it fails and its work is tried again"),
            key("db.lock-timeout", DURATION, "PT2S", "longest such a statement waits for a row lock (a ticket held by a frozen node or an open psql); then it fails and its work is tried again"),
            key("db.idle-in-transaction-timeout", DURATION, "PT10S", "PostgreSQL ends a session of this gateway that sits this long inside a transaction, releasing its locks (a node that froze mid-way)"),
            key("db.long-statement-timeout", DURATION, "PT10M", "statement and lock timeout of migrations and of the statistics queries"),
            key("db.tcp-keepalive-idle", DURATION, "PT30S", "both ends probe a silent database connection after this long (3 probes, 10 s apart): a vanished node's locks, or a vanished database, are noticed within about a minute, not hours"),
            key("db.embedded.dir", PATH, "./data/pg", "data folder of the embedded PostgreSQL"),
            key("db.embedded.fsync", FLAG, "true", "the embedded server flushes every commit to disk (off only for throw-away data)"),

            key("http.host", STRING, "0.0.0.0", "address of the HTTP API (/health, /metrics, /api)"),
            key("http.port", INTEGER, "8080", "port of the HTTP API"),
            key("http.answer-deadline", DURATION, "PT30S", "an /api request not answered this long after its body arrived is answered 503 database-not-answering (a database that is connected but frozen); more than the pool's 10 s wait plus db.statement-timeout"),

            key("smpp.enabled", FLAG, "true", "connect to an SMSC"),
            key("smpp.host", STRING, "127.0.0.1", "SMSC host"),
            key("smpp.port", INTEGER, "2775", "SMSC port"),
            key("smpp.system-id", STRING, "qiaoqiao", "bind system_id (at most 15 characters)"),
            secret("smpp.password", "bind password, at most 8 characters (QIAOQIAO_SMPP_PASSWORD)"),
            key("smpp.password-file", PATH, "", "file whose first line is the bind password"),
            key("smpp.system-type", STRING, "", "bind system_type (at most 12 characters)"),
            key("smpp.source-addr", STRING, "12345", "the hotline's number, source of every text"),
            key("smpp.source-ton", INTEGER, "0", "TON of the source address"),
            key("smpp.source-npi", INTEGER, "1", "NPI of the source address"),
            key("smpp.dest-ton", INTEGER, "1", "TON of recipients"),
            key("smpp.dest-npi", INTEGER, "1", "NPI of recipients"),
            key("smpp.window", INTEGER, "10", "submit_sm waiting for their response at once"),
            key("smpp.enquire-link-seconds", INTEGER, "30", "keep-alive interval"),
            key("smpp.response-timeout-ms", INTEGER, "10000", "how long to wait for a response PDU"),
            key("smpp.reconnect-min-ms", INTEGER, "1000", "rebind backoff, first wait"),
            key("smpp.reconnect-max-ms", INTEGER, "30000", "rebind backoff, longest wait"),
            key("intake.transactions", INTEGER, "1", "intake transactions one node writes at once; each holds the texts and calls that arrived while the others committed (a phone's texts never in two at once). More than 1 measured slower (the benchmark, 2 cores): transactions at once wait on each other's volunteer-counter rows and time out into one-by-one retries"),
            key("smpp.receive-threads", INTEGER, "130", "SMPP PDU threads: all but two may each hold a deliver_sm while its commit runs, and the receipts of the whole window commit together; one more is answered ESME_RTHROTTLED. Keep it above the SMSC's deliver window"),
            key("smpp.max-pdu-bytes", INTEGER, "70000", "a longer PDU from the SMSC is refused before it is read (generic_nack, then a new bind): room for the 64 KB message_payload SMPP allows"),

            key("sms.concat-timeout-seconds", INTEGER, "120", "how long to wait for the missing parts of a long text"),
            key("sms.concat-redelivery-window", DURATION, "PT1H", "a part of a long text delivered again this long after the text was complete is recognised as a redelivery, not the start of a new text"),
            key("sms.max-request-chars", INTEGER, "2000", "longer requests are cut (and the sender told)"),
            key("sms.max-payload-bytes", INTEGER, "8000", "one deliver_sm's text (short_message or message_payload) is cut to this many octets before it is stored"),
            key("sms.max-parts", INTEGER, "32", "parts of one long text kept; later parts are acknowledged and dropped, the text keeps its first parts"),

            key("dispatch.points-per-ticket", INTEGER, "1", "points for a finished ticket (who is asked, how many at once and for how long is the escalation policy's: plugin.triage.*)"),
            key("quiet-hours.start", TIME, "21:00", "studio time from which normal requests are not offered, rating calls not placed, normal broadcasts not sent"),
            key("quiet-hours.end", TIME, "07:00", "until this time; equal to start: no quiet hours"),
            key("routing.retry-after", DURATION, "PT1M", "a ticket held because a routing rule could not decide is routed again after this long"),

            key("outbox.batch-size", INTEGER, "200", "outbox rows per claim (up to two claims in flight)"),
            key("outbox.poll-ms", INTEGER, "500", "outbox poll interval"),
            key("outbox.lease-seconds", INTEGER, "60", "a claim older than this is taken over by another node"),
            key("outbox.max-attempts", INTEGER, "10", "then the text is marked failed"),
            key("outbox.retry-min-ms", INTEGER, "2000", "retry backoff, first wait"),
            key("outbox.retry-max-ms", INTEGER, "300000", "retry backoff, longest wait"),
            key("timers.poll-ms", INTEGER, "500", "timer poll interval"),
            key("timers.batch-size", INTEGER, "50", "timers per claim"),

            key("plugins.dir", PATH, "./data/plugins", "plugin jars (or sub-directories of jars), each in its own class loader"),
            key("plugins.builtin", FLAG, "true", "load the built-in plugins carried inside the gateway jar"),
            key("plugins.disabled", LIST, "", "plugin ids not to use, e.g. quiet-hours,load-fairness"),
            key("plugins.rule-budget-ms", INTEGER, "500", "a studio's own routing rule slower than this fails for that decision: when its filter or hold part has not answered the ticket is held and routed again later (fails closed); when only its scores are late they are dropped. Built-in rules run inline"),
            key("plugins.reload-on-sighup", FLAG, "true", "kill -HUP reloads plugins, as POST /api/plugins/reload does (not under `nohup`, which makes the process ignore SIGHUP: the gateway warns at start)"),
            key("plugins.close-replaced-after", DURATION, "PT1M", "the class loader of a plugin jar replaced or removed is closed this long after the reload (decisions running then finish with it)"),
            key("escalation.policy", STRING, "triage", "the escalation policy (by id) for tickets nobody took"),
            key("messages.locale", STRING, "zh-CN", "locale of every text (zh-CN, en shipped)"),
            key("routing.weight.proximity", DECIMAL, "1.0", "weight of the proximity rule's score"),
            key("routing.weight.skills", DECIMAL, "0.6", "weight of the skills rule's score"),
            key("routing.weight.load", DECIMAL, "0.3", "weight of the load rule's score"),
            key("routing.weight.fairness", DECIMAL, "0.2", "weight of the fairness rule's score"),
            key(WEIGHT_PREFIX + "<rule>", DECIMAL, "1.0", "weight of any other rule's score (0 or more)"),
            key(PLUGIN_PREFIX + "<id>.<key>", STRING, "", "a plugin's own settings, declared by the plugin (check-config lists them)"),

            key("agi.enabled", FLAG, "true", "run the FastAGI service Asterisk calls"),
            key("agi.host", STRING, "127.0.0.1", "FastAGI address (0.0.0.0, with a firewall, when Asterisk runs elsewhere)"),
            key("agi.port", INTEGER, "4573", "FastAGI port"),
            key("agi.reply-timeout-ms", INTEGER, "180000", "longest wait for one AGI reply; must exceed the longest prompt and recording"),
            key("agi.allowed-peers", LIST, "127.0.0.0/8,::1", "addresses or CIDR ranges of the Asterisk servers that may connect; any other peer is closed at once (it could rate any ticket or act as a volunteer)"),
            key("agi.max-connections", INTEGER, "10000", "FastAGI connections served at once; one more is closed at once (Asterisk's AGI then fails and its dialplan goes on)"),
            key("agi.header-timeout-ms", INTEGER, "5000", "the whole agi_* header must arrive within this (Asterisk writes it at once)"),

            key("voice.prompt-dir", STRING, "qiaoqiao", "directory of Asterisk's sounds the prompts are played from"),
            key("voice.recordings-dir", STRING, "/var/spool/asterisk/qiaoqiao", "where Asterisk writes callers' messages (on the Asterisk host)"),
            key("voice.digit-timeout-ms", INTEGER, "5000", "how long a menu waits for a key after it has been said (greeting + menu + this stays under 30 s)"),
            key("voice.max-recording-seconds", INTEGER, "60", "longest message a caller may leave"),
            key("voice.recording-silence-seconds", INTEGER, "5", "a message ends after this much silence (or on #)"),
            key("voice.desk-timeout-ms", INTEGER, "5000", "how long a call waits for the ticket system; then the call is written to voice.spool-dir and the caller hears that a volunteer will call back"),
            key("voice.spool-dir", PATH, "./data/voice-spool", "calls the ticket system could not take in time are written here and opened as tickets when it answers again (a local disk of this node's own: never shared between nodes)"),
            key("voice.caller-cache-seconds", INTEGER, "300", "how long caller look-ups are cached"),
            key("voice.caller-cache-size", INTEGER, "20000", "how many caller look-ups are cached"),

            key("ami.enabled", FLAG, "true", "place confirmation and rating calls through the Asterisk Manager Interface"),
            key("ami.host", STRING, "127.0.0.1", "AMI host"),
            key("ami.port", INTEGER, "5038", "AMI port"),
            key("ami.user", STRING, "qiaoqiao", "the manager.conf user"),
            secret("ami.secret", "the manager.conf secret (QIAOQIAO_AMI_SECRET)"),
            key("ami.secret-file", PATH, "", "file whose first line is the AMI secret"),
            key("ami.originate-context", STRING, "qiaoqiao-outbound", "dialplan context answered outbound calls continue in"),
            key("ami.channel", STRING, "PJSIP/{national}@trunk", "the channel to dial; {number} is E.164, {national} the number dialled inside China"),
            key("ami.caller-id", STRING, "12345", "caller ID shown to the called resident"),
            key("ami.ring-timeout-seconds", INTEGER, "45", "ring time before a call counts as not answered"),
            key("ami.reconnect-min-ms", INTEGER, "1000", "AMI reconnect backoff, first wait"),
            key("ami.reconnect-max-ms", INTEGER, "30000", "AMI reconnect backoff, longest wait"),
            key("ami.response-timeout-ms", INTEGER, "10000", "how long to wait for Asterisk's response to a login or an action"),

            key("outbound.call-attempts", INTEGER, "3", "tries per call, then the family is texted"),
            key("outbound.call-retry-interval", DURATION, "PT10M", "time between tries"),
            key("outbound.confirmation-within", DURATION, "PT60S", "confirmation calls are placed within this time of the accept"),
            key("outbound.rating-delay", DURATION, "PT30M", "rating call after the ticket is done (never in quiet hours)"),
            key("outbound.rating-spread", DURATION, "PT1H", "rating calls that quiet hours held back are spread over this long after their end (no single morning wave)"),
            key("outbound.max-concurrent-calls", INTEGER, "4", "calls in flight at once, of every kind and across every node: the lines of the trunk or GSM gateway (broadcast and check-in calls wait for a free one)"),
            key("outbound.no-line-retry", DURATION, "PT2M", "a call that found no free line or no channel (congestion, unavailable) rang nobody: tried again about this long later, the attempt not spent"),

            key("broadcast.tries", INTEGER, "3", "calls per resident for a broadcast; then the notice is texted and the group's leaders get the names of those not reached"),
            key("broadcast.retry-interval", DURATION, "PT10M", "time between a resident's broadcast calls (a normal broadcast's also wait for the end of quiet hours)"),
            key("broadcast.notice-dir", PATH, "/var/spool/asterisk/qiaoqiao-notices", "where the gateway writes each notice's sound (8 kHz mono 16-bit WAV); Asterisk plays it from the same path: one host, or a shared folder"),
            key("broadcast.speech-voice", STRING, "cmn", "espeak-ng voice that speaks typed notices (cmn: Mandarin)"),
            key("broadcast.speech-speed", INTEGER, "110", "words per minute of spoken notices: slower than the prompts, for listeners hard of hearing"),
            key("broadcast.max-upload-mb", INTEGER, "20", "largest recording the API takes for a broadcast"),

            key("checkin.who", STRING, "opted-in", "who gets check-in calls: opted-in (residents signed up through the API) or living-alone (also everyone the roster marks as living alone)"),
            key("checkin.schedule", STRING, "每天上午", "when residents living alone are called, in the ledger's words (每天上午, 每周一、三、五下午 …)"),
            key("checkin.tries", INTEGER, "3", "calls per check-in; no key after the last: an urgent ticket asks a volunteer near the resident to look in, and the family is texted"),
            key("checkin.retry-interval", DURATION, "PT15M", "time between the calls of one check-in (never in quiet hours)"),

            key("ledger.open-at", TIME, "09:00", "when a help item whose schedule names no time of day opens its ticket"),
            key("ledger.paired-offer-timeout", DURATION, "PT2H", "how long the paired volunteer has to take an occurrence's ticket before it is routed as usual"),
            key("ledger.missed-after", DURATION, "P2D", "an occurrence not done this long after it fell due counts as missed in the ledger and the month's 晒单"),
            key("ledger.holidays", LIST, "", "only seeds the desk's holidays table (/api/holidays), which is the help ledger's list: at start-up each range, e.g. 2026-10-01..2026-10-07,2027-01-01, the table lacks is added"),
            key("ledger.on-holiday", STRING, "after", "an occurrence on a holiday: skip (recorded as skipped), before (the working day before), after (the next working day) or keep"),

            secret("api.tokens", "operator API tokens name:scope1+scope2:sha256:HEX, comma or newline separated (QIAOQIAO_API_TOKENS); empty: API closed"),
            key("api.tokens-file", PATH, "", "file holding the API tokens; re-read when it changes and on kill -HUP (revoking a token needs no restart)"),
            key("api.confidential-categories", LIST, "ADVICE,MEDIATION", "categories whose request text and recording need the confidential scope"),

            key("desk.session-idle", DURATION, "PT2H", "a desk sign-in unused this long ends (studio clock)"),
            key("desk.session-lifetime", DURATION, "PT12H", "a desk sign-in ends this long after it began, however much it is used"),
            key("desk.cookie-secure", FLAG, "false", "mark the desk's session cookie Secure: set true when the desk is served over HTTPS (behind TLS)"),
            key("desk.lockout-failures", INTEGER, "5", "wrong passwords in a row that lock a desk account"),
            key("desk.lockout-duration", DURATION, "PT15M", "how long a locked desk account stays locked (an operator with operators.write may unlock it sooner)"),

            key("tickets.accept-limit.normal", DURATION, "PT1H", "waiting longer for a volunteer counts as late (metrics, alerts)"),
            key("tickets.accept-limit.urgent", DURATION, "PT15M", "the same for urgent tickets"),
            key("tickets.due.errand.normal", DURATION, "P2D", "the deadline of accepted work (限期办结), counted from the accept: errands"),
            key("tickets.due.errand.urgent", DURATION, "PT4H", "urgent errands"),
            key("tickets.due.repair.normal", DURATION, "P3D", "repairs"),
            key("tickets.due.repair.urgent", DURATION, "PT4H", "urgent repairs"),
            key("tickets.due.advice.normal", DURATION, "P3D", "advice"),
            key("tickets.due.advice.urgent", DURATION, "PT4H", "urgent advice"),
            key("tickets.due.mediation.normal", DURATION, "P7D", "mediation"),
            key("tickets.due.mediation.urgent", DURATION, "P1D", "urgent mediation"),
            key("tickets.due.unknown.normal", DURATION, "P2D", "requests of no known category"),
            key("tickets.due.unknown.urgent", DURATION, "PT4H", "urgent requests of no known category"),
            key("tickets.remind-before", DURATION, "PT2H", "the volunteer is reminded this long before the deadline (at most half the time allowed)"),
            key("tickets.silent-after.normal", DURATION, "P1D", "a volunteer who has texted nothing this long after accepting is asked how it goes"),
            key("tickets.silent-after.urgent", DURATION, "PT1H", "the same for urgent work"),
            key("tickets.chase-wait.normal", DURATION, "PT4H", "unanswered that long, the ticket climbs one step"),
            key("tickets.chase-wait.urgent", DURATION, "PT30M", "the same for urgent work"),

            key("metrics.statistics-seconds", INTEGER, "30", "refresh of the database-computed gauges"),
            key("metrics.port", INTEGER, "0", "0: /metrics on http.port, for a bearer token with the metrics.read scope (with no api.tokens at all, for this host only); another port: /metrics only there, on metrics.host, without a token"),
            key("metrics.host", STRING, "127.0.0.1", "address of the /metrics listener when metrics.port is set (where only Prometheus reaches)"),
            key("health.database-interval-ms", INTEGER, "1000", "/health/ready asks the database on a connection of its own (never the intake pool) this often"),

            key("log.format", STRING, "text", "text: one line per event for people (journalctl); json: one JSON object per line for log shippers"),
            key("log.config", PATH, "", "a Logback file used instead of the jar's, e.g. /etc/qiaoqiao/logback.xml (start from ops/logback.xml); re-read when it changes"));

    private static final Map<String, ConfigKey> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, ConfigKey> BY_ENV_NAME = new HashMap<>();

    static {
        for (ConfigKey key : ALL) {
            if (BY_NAME.put(key.name(), key) != null) {
                throw new IllegalStateException("configuration key declared twice: " + key.name());
            }
            if (!key.isFamily() && BY_ENV_NAME.put(ConfigKey.envName(key.name()), key) != null) {
                throw new IllegalStateException("two configuration keys share the environment variable " + ConfigKey.envName(key.name()));
            }
        }
    }

    private Keys() {
    }

    /** The declaration of {@code name}: its own, or the family it belongs to. */
    public static Optional<ConfigKey> find(String name) {
        ConfigKey exact = BY_NAME.get(name);
        if (exact != null && !exact.isFamily()) {
            return Optional.of(exact);
        }
        return ALL.stream().filter(k -> k.isFamily() && k.covers(name)).findFirst();
    }

    /** The one key (not a family) whose environment variable is {@code envName}. */
    static Optional<ConfigKey> byEnvName(String envName) {
        return Optional.ofNullable(BY_ENV_NAME.get(envName));
    }

    private static ConfigKey key(String name, SettingType type, String defaultValue, String doc) {
        return new ConfigKey(name, type, defaultValue, doc, false);
    }

    private static ConfigKey secret(String name, String doc) {
        return new ConfigKey(name, STRING, "", doc, true);
    }
}
