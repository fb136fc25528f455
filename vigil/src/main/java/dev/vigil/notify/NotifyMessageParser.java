package dev.vigil.notify;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parses notify datagrams (systemd's protocol): UTF-8 text, assignments {@code KEY=VALUE}
 * separated by newlines (a CR also separates, as systemd splits on both). Pure and stateless.
 *
 * <ul>
 *   <li>Datagrams over {@value #MAX_DATAGRAM_BYTES} bytes are dropped whole. That is systemd's own
 *       limit (its manager reads notify datagrams into a PIPE_BUF-sized buffer and ignores longer
 *       ones), so a client that works under systemd works here, and a STATUS= line cannot make
 *       Vigil hold large strings.</li>
 *   <li>Datagrams that are not valid UTF-8 or that contain NUL bytes are dropped whole.</li>
 *   <li>Unknown keys (FDSTORE=, NOTIFYACCESS=, ...) are ignored silently.</li>
 *   <li>A line without {@code =}, or a known key with a value it cannot take (READY=2,
 *       WATCHDOG_USEC=ten), is reported as a problem and only that assignment is dropped.</li>
 * </ul>
 */
final class NotifyMessageParser {

    static final int MAX_DATAGRAM_BYTES = 4096;
    private static final int QUOTE_LIMIT = 80;

    private NotifyMessageParser() {}

    static NotifyParse parse(byte[] datagram) {
        if (datagram.length > MAX_DATAGRAM_BYTES) {
            return oversized(datagram.length);
        }
        for (int i = 0; i < datagram.length; i++) {
            if (datagram[i] == 0) {
                return new NotifyParse.Garbage(NotifyDrop.Reason.GARBAGE, "NUL byte at offset " + i);
            }
        }
        ByteBuffer bytes = ByteBuffer.wrap(datagram);
        CharBuffer text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
        } catch (CharacterCodingException e) {
            return new NotifyParse.Garbage(NotifyDrop.Reason.GARBAGE, "not UTF-8 at byte " + bytes.position());
        }
        List<NotifyMessage> messages = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.toString().split("[\n\r]");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            if (line.isEmpty()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                problems.add("line " + (n + 1) + ": " + quote(line) + " is not KEY=VALUE");
                continue;
            }
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1);
            try {
                assignment(key, value).ifPresent(messages::add);
            } catch (IllegalArgumentException e) {
                problems.add("line " + (n + 1) + ": " + key + "=" + quote(value) + ": " + e.getMessage());
            }
        }
        return new NotifyParse.Parsed(messages, problems);
    }

    static NotifyParse.Garbage oversized(long length) {
        return new NotifyParse.Garbage(NotifyDrop.Reason.OVERSIZED,
                length + " bytes, the limit is " + MAX_DATAGRAM_BYTES);
    }

    /** The message for one assignment; empty for keys this protocol subset does not know. */
    private static Optional<NotifyMessage> assignment(String key, String value) {
        return Optional.ofNullable(switch (key) {
            case "READY" -> one(value, new NotifyMessage.Ready());
            case "RELOADING" -> one(value, new NotifyMessage.Reloading());
            case "STOPPING" -> one(value, new NotifyMessage.Stopping());
            case "BARRIER" -> one(value, new NotifyMessage.Barrier());
            case "STATUS" -> new NotifyMessage.Status(value);
            case "WATCHDOG" -> switch (value) {
                case "1" -> new NotifyMessage.WatchdogPing();
                case "trigger" -> new NotifyMessage.WatchdogTrigger();
                default -> throw new IllegalArgumentException("must be 1 or trigger");
            };
            case "WATCHDOG_USEC" -> new NotifyMessage.WatchdogUsec(unsigned(value, Long.MAX_VALUE));
            case "EXTEND_TIMEOUT_USEC" -> new NotifyMessage.ExtendTimeout(unsigned(value, Long.MAX_VALUE));
            case "MAINPID" -> {
                long pid = unsigned(value, Integer.MAX_VALUE);
                if (pid == 0) {
                    throw new IllegalArgumentException("must be a pid > 0");
                }
                yield new NotifyMessage.MainPid(pid);
            }
            case "ERRNO" -> new NotifyMessage.Errno((int) unsigned(value, Integer.MAX_VALUE));
            default -> null;
        });
    }

    private static NotifyMessage one(String value, NotifyMessage message) {
        if (!value.equals("1")) {
            throw new IllegalArgumentException("must be 1");
        }
        return message;
    }

    /** A plain decimal in [0, max]: digits only, no sign, no blanks (as systemd's safe_atou). */
    private static long unsigned(String value, long max) {
        OptionalLong parsed = decimal(value);
        if (parsed.isEmpty() || parsed.getAsLong() > max) {
            throw new IllegalArgumentException("must be an integer from 0 to " + max);
        }
        return parsed.getAsLong();
    }

    private static OptionalLong decimal(String value) {
        if (value.isEmpty() || value.length() > 19 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static String quote(String text) {
        String shown = text.length() > QUOTE_LIMIT ? text.substring(0, QUOTE_LIMIT) + "..." : text;
        return "'" + shown + "'";
    }
}
