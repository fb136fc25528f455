package dev.vigil.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.api.ControlMethods;
import dev.vigil.api.MethodCaller;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The source of {@code /api/v1/stream}: one sampler for all clients. Every {@link #SAMPLE} it reads
 * the published snapshot (through {@code vigil.list}, the same documents as the API) and the new
 * rows of the event history (through {@code vigil.events}), and turns what changed into numbered
 * messages: {@code service} (a changed service's summary), {@code removed}, {@code event} and
 * {@code probes} (the probe rounds judged since the last sample, {@link ProbeRoundFeed}). The
 * work is done once, whatever the number of clients, on the hub's own thread: it never runs on the
 * supervisor's thread or the event bus, and a client only ever gets bytes queued
 * ({@link StreamClient}).
 *
 * <p>The last {@link #RING} messages are kept so a client reconnecting with {@code Last-Event-ID}
 * gets exactly what it missed; one that missed more (or comes from another daemon run, told by the
 * epoch in the id) gets a full {@code snapshot} instead.
 */
final class StreamHub implements AutoCloseable {

    static final Duration SAMPLE = Duration.ofMillis(250);
    static final int RING = 2048;
    static final int MAX_CLIENTS = 64;
    /** Bytes a client may fall behind before it is dropped; a property so tests can reach it quickly. */
    static final long MAX_QUEUED_BYTES = Long.getLong("vigil.http.stream_max_queued_bytes", 4L << 20);
    private static final int EVENTS_PER_SAMPLE = 1000;

    private final MethodCaller caller;
    private final ObjectMapper mapper;
    private final Map<String, Object> daemon;
    // Not a time but this run's name, told apart from an earlier daemon run's: the wall clock at start
    // is unique enough and no decision or schedule depends on it, so no Ticker is needed.
    private final String epoch = Long.toString(System.currentTimeMillis(), 36);
    private final ArrayDeque<StreamMessage> ring = new ArrayDeque<>();
    private final List<StreamClient> clients = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService thread;
    /** Each service's last sent summary, and the same without its ever-changing uptime (to compare). */
    private final Map<String, JsonNode> services = new LinkedHashMap<>();
    private final Map<String, String> compared = new HashMap<>();
    private final ProbeRoundFeed probeRounds;
    /** The daemon's changing figures (memory, CPU, budget), null without them; the last sent. */
    private final DaemonFacts facts;
    private Map<String, Object> lastFacts = Map.of();
    private long seq;
    private long lastEventId = -1;
    private Instant lastEventTs;

    StreamHub(MethodCaller caller, String version, Duration heartbeat) {
        this(caller, version, heartbeat, null);
    }

    /** A hub that also sends the daemon's own figures ({@code daemon} messages, and in the snapshot). */
    StreamHub(MethodCaller caller, String version, Duration heartbeat, DaemonFacts facts) {
        this.facts = facts;
        this.caller = caller;
        this.mapper = caller.mapper();
        this.probeRounds = new ProbeRoundFeed(caller);
        Map<String, Object> self = new LinkedHashMap<>();
        self.put("version", version);
        self.put("pid", ProcessHandle.current().pid());
        self.put("started_at", ProcessHandle.current().info().startInstant().map(Instant::toString).orElse(null));
        this.daemon = self;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-sse-hub");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::sampleIfWatched, SAMPLE.toMillis(), SAMPLE.toMillis(), TimeUnit.MILLISECONDS);
        thread.scheduleWithFixedDelay(this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    int clients() {
        return clients.size();
    }

    /**
     * Starts streaming to a new client from {@code lastEventId} (null for a fresh page), or
     * returns null when {@link #MAX_CLIENTS} are already connected.
     */
    StreamClient open(String lastEventId, java.util.function.Function<Runnable, StreamClient> make) {
        if (clients.size() >= MAX_CLIENTS) {
            return null;
        }
        synchronized (this) {
            sample();
            StreamClient[] self = new StreamClient[1];
            StreamClient client = make.apply(() -> clients.remove(self[0]));
            self[0] = client;
            client.offer(("retry: 2000\n\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            long from = resumeFrom(lastEventId);
            if (from < 0) {
                client.offer(snapshot().bytes());
            } else {
                ring.stream().filter(m -> m.seq() > from).forEach(m -> client.offer(m.bytes()));
            }
            clients.add(client);
            return client;
        }
    }

    /** The sequence number to resume after, or -1 when the client needs a full snapshot. */
    private long resumeFrom(String lastEventId) {
        if (lastEventId == null) {
            return -1;
        }
        int dash = lastEventId.lastIndexOf('-');
        if (dash <= 0 || !lastEventId.substring(0, dash).equals(epoch)) {
            return -1;
        }
        long asked;
        try {
            asked = Long.parseLong(lastEventId.substring(dash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
        long oldest = ring.isEmpty() ? seq + 1 : ring.peekFirst().seq();
        return asked > seq || asked < oldest - 1 ? -1 : asked;
    }

    private StreamMessage snapshot() {
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> self = new LinkedHashMap<>(daemon);
        self.putAll(lastFacts);
        body.put("daemon", self);
        body.put("services", services.values());
        return StreamMessage.of(epoch, seq, "snapshot", json(body));
    }

    private void sampleIfWatched() {
        if (!clients.isEmpty()) {
            synchronized (this) {
                sample();
            }
        }
    }

    /** Reads the snapshot and the new events, and publishes what changed. Holds the hub's lock. */
    private void sample() {
        try {
            if (caller.call(ControlMethods.LIST, null) instanceof MethodCaller.Outcome.Result list) {
                Map<String, JsonNode> seen = new HashMap<>();
                for (JsonNode service : list.value().path("services")) {
                    seen.put(service.path("name").asText(), service);
                }
                for (var entry : seen.entrySet()) {
                    ObjectNode withoutUptime = ((ObjectNode) entry.getValue()).deepCopy();
                    withoutUptime.remove("uptime_ms");
                    if (withoutUptime.hasNonNull("next_action_at")) {
                        withoutUptime.remove("next_action"); // its countdown moves on; the page counts down itself
                    }
                    String text = withoutUptime.toString();
                    if (!text.equals(compared.put(entry.getKey(), text))) {
                        services.put(entry.getKey(), entry.getValue());
                        publish("service", json(entry.getValue()));
                    }
                }
                for (String gone : services.keySet().stream().filter(n -> !seen.containsKey(n)).toList()) {
                    services.remove(gone);
                    compared.remove(gone);
                    publish("removed", json(Map.of("name", gone)));
                }
            }
            newEvents();
            probeRounds.sample(clients.isEmpty(), rounds -> publish("probes", json(rounds)));
            sampleFacts();
        } catch (RuntimeException e) {
            System.getLogger(StreamHub.class.getName()).log(System.Logger.Level.WARNING, "stream sample failed: " + e);
        }
    }

    /** Sends a {@code daemon} message when a figure people see has changed. */
    private void sampleFacts() {
        if (facts == null) {
            return;
        }
        Map<String, Object> now = facts.sample();
        if (!now.equals(lastFacts)) {
            lastFacts = now;
            publish("daemon", json(now));
        }
    }

    private void newEvents() {
        ObjectNode params = mapper.createObjectNode();
        params.put("limit", lastEventId < 0 ? 1 : EVENTS_PER_SAMPLE);
        if (lastEventTs != null) {
            params.put("since", lastEventTs.toString());
        }
        if (!(caller.call(ControlMethods.EVENTS, params) instanceof MethodCaller.Outcome.Result result)) {
            return; // the history cannot be read now (full disk): events resume when it can
        }
        boolean baseline = lastEventId < 0;
        for (JsonNode event : result.value().path("events")) {
            long id = event.path("id").asLong();
            if (id > lastEventId) {
                lastEventId = id;
                lastEventTs = Instant.parse(event.path("ts").asText());
                if (!baseline) {
                    publish("event", json(event));
                }
            }
        }
        if (baseline && lastEventId < 0) {
            lastEventId = 0;
        }
    }

    private void publish(String event, String json) {
        StreamMessage message = StreamMessage.of(epoch, ++seq, event, json);
        ring.add(message);
        if (ring.size() > RING) {
            ring.removeFirst();
        }
        for (StreamClient client : clients) {
            client.offer(message.bytes());
        }
    }

    private void heartbeat() {
        byte[] comment = ": heartbeat\n\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (StreamClient client : clients) {
            client.offer(comment);
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not serialisable: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        clients.forEach(StreamClient::close);
    }
}
