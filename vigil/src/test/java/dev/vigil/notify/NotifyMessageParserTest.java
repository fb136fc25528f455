package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotifyMessageParserTest {

    private static NotifyParse parse(String text) {
        return NotifyMessageParser.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static NotifyParse.Parsed parsed(String text) {
        return (NotifyParse.Parsed) parse(text);
    }

    @Test
    void everyKnownKey() {
        assertThat(parsed("""
                READY=1
                RELOADING=1
                STOPPING=1
                STATUS=serving 3 clients
                WATCHDOG=1
                WATCHDOG=trigger
                WATCHDOG_USEC=2000000
                EXTEND_TIMEOUT_USEC=0
                MAINPID=4242
                ERRNO=2
                BARRIER=1
                """).messages()).containsExactly(
                new NotifyMessage.Ready(), new NotifyMessage.Reloading(), new NotifyMessage.Stopping(),
                new NotifyMessage.Status("serving 3 clients"), new NotifyMessage.WatchdogPing(),
                new NotifyMessage.WatchdogTrigger(), new NotifyMessage.WatchdogUsec(2_000_000),
                new NotifyMessage.ExtendTimeout(0), new NotifyMessage.MainPid(4242), new NotifyMessage.Errno(2),
                new NotifyMessage.Barrier());
    }

    @Test
    void unknownKeysAndBlankLinesAreIgnoredSilently() {
        assertThat(parse("FDSTORE=1\n\nX_CUSTOM=yes\r\nREADY=1"))
                .isEqualTo(new NotifyParse.Parsed(List.of(new NotifyMessage.Ready()), List.of()));
    }

    @Test
    void statusKeepsEqualsSignsAndMayBeEmpty() {
        assertThat(parsed("STATUS=a=b=c").messages()).containsExactly(new NotifyMessage.Status("a=b=c"));
        assertThat(parsed("STATUS=").messages()).containsExactly(new NotifyMessage.Status(""));
    }

    @Test
    void malformedAssignmentsAreReportedAndTheRestKept() {
        NotifyParse.Parsed result = parsed("""
                READY=2
                no equals sign
                =1
                WATCHDOG_USEC=ten
                WATCHDOG_USEC=-5
                WATCHDOG_USEC=99999999999999999999
                MAINPID=0
                ERRNO=3000000000
                WATCHDOG=2
                STATUS=still here
                """);
        assertThat(result.messages()).containsExactly(new NotifyMessage.Status("still here"));
        assertThat(result.problems()).containsExactly(
                "line 1: READY='2': must be 1",
                "line 2: 'no equals sign' is not KEY=VALUE",
                "line 3: '=1' is not KEY=VALUE",
                "line 4: WATCHDOG_USEC='ten': must be an integer from 0 to 9223372036854775807",
                "line 5: WATCHDOG_USEC='-5': must be an integer from 0 to 9223372036854775807",
                "line 6: WATCHDOG_USEC='99999999999999999999': must be an integer from 0 to 9223372036854775807",
                "line 7: MAINPID='0': must be a pid > 0",
                "line 8: ERRNO='3000000000': must be an integer from 0 to 2147483647",
                "line 9: WATCHDOG='2': must be 1 or trigger");
    }

    @Test
    void numbersAllowNoSignsOrBlanks() {
        assertThat(parsed("WATCHDOG_USEC=+5\nWATCHDOG_USEC= 5\nWATCHDOG_USEC=5 ").messages()).isEmpty();
        assertThat(parsed("WATCHDOG_USEC=9223372036854775807").messages())
                .containsExactly(new NotifyMessage.WatchdogUsec(Long.MAX_VALUE));
    }

    @Test
    void longQuotesAreShortened() {
        String problem = parsed("READY=" + "x".repeat(200)).problems().getFirst();
        assertThat(problem).hasSizeLessThan(120).contains("...");
    }

    @Test
    void oversizedDatagramsAreDroppedWhole() {
        byte[] big = ("STATUS=" + "x".repeat(NotifyMessageParser.MAX_DATAGRAM_BYTES)).getBytes(StandardCharsets.UTF_8);
        assertThat(NotifyMessageParser.parse(big)).isEqualTo(new NotifyParse.Garbage(NotifyDrop.Reason.OVERSIZED,
                big.length + " bytes, the limit is 4096"));
        byte[] atLimit = ("STATUS=" + "x".repeat(NotifyMessageParser.MAX_DATAGRAM_BYTES - 7)).getBytes(StandardCharsets.UTF_8);
        assertThat(NotifyMessageParser.parse(atLimit)).isInstanceOf(NotifyParse.Parsed.class);
    }

    @Test
    void invalidUtf8AndNulBytesAreGarbage() {
        assertThat(NotifyMessageParser.parse(new byte[] {'R', 'E', (byte) 0xC3, (byte) 0x28}))
                .isEqualTo(new NotifyParse.Garbage(NotifyDrop.Reason.GARBAGE, "not UTF-8 at byte 2"));
        assertThat(NotifyMessageParser.parse("READY=1\0".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new NotifyParse.Garbage(NotifyDrop.Reason.GARBAGE, "NUL byte at offset 7"));
    }

    @Test
    void utf8StatusTextSurvives() {
        assertThat(parsed("STATUS=prêt ✓").messages()).containsExactly(new NotifyMessage.Status("prêt ✓"));
    }

    @Test
    void emptyDatagramHasNothing() {
        assertThat(parse("")).isEqualTo(new NotifyParse.Parsed(List.of(), List.of()));
    }
}
