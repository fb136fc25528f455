package dev.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The TOML the config accepts: every kind of value, table and key, with positions, and the syntax errors. */
class TomlParserTest {

    private static TomlTable parse(String text) {
        return TomlParser.parse(text);
    }

    private static TomlTable table(TomlTable t, String key) {
        return (TomlTable) t.get(key);
    }

    @Test
    void stringsOfAllFourKinds() {
        TomlTable t = parse("""
                basic = "a\\tb \\"q\\" \\u00e9 \\U0001F600 \\\\"
                literal = 'C:\\path\\no escapes'
                multi = \"\"\"
                line one
                line two\\
                     joined\"\"\"
                multiLiteral = '''
                raw \\n here
                '''
                quotes = \"\"\"two "" inside and ""\"\"\"
                """);
        assertThat(t.get("basic")).isEqualTo("a\tb \"q\" \u00e9 \uD83D\uDE00 \\");
        assertThat(t.get("literal")).isEqualTo("C:\\path\\no escapes");
        assertThat(t.get("multi")).isEqualTo("line one\nline twojoined");
        assertThat(t.get("multiLiteral")).isEqualTo("raw \\n here\n");
        assertThat(t.get("quotes")).isEqualTo("two \"\" inside and \"\"");
    }

    @Test
    void numbersBooleansAndDates() {
        TomlTable t = parse("""
                a = 42
                b = -1_000
                c = 0xff
                d = 0o17
                e = 0b101
                f = 3.5e2
                g = -inf
                h = nan
                i = true
                j = 1979-05-27T07:32:00Z
                k = 1979-05-27 07:32:00
                l = 1979-05-27
                m = 07:32:00.5
                n = +0.5
                """);
        assertThat(t.get("a")).isEqualTo(42L);
        assertThat(t.get("b")).isEqualTo(-1000L);
        assertThat(t.get("c")).isEqualTo(255L);
        assertThat(t.get("d")).isEqualTo(15L);
        assertThat(t.get("e")).isEqualTo(5L);
        assertThat(t.get("f")).isEqualTo(350.0);
        assertThat(t.get("g")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat((Double) t.get("h")).isNaN();
        assertThat(t.get("i")).isEqualTo(true);
        assertThat(t.get("j")).isEqualTo(OffsetDateTime.parse("1979-05-27T07:32:00Z"));
        assertThat(t.get("k")).isEqualTo(LocalDateTime.parse("1979-05-27T07:32:00"));
        assertThat(t.get("l")).isEqualTo(LocalDate.parse("1979-05-27"));
        assertThat(t.get("m")).isEqualTo(LocalTime.parse("07:32:00.5"));
        assertThat(t.get("n")).isEqualTo(0.5);
    }

    @Test
    void tablesArraysOfTablesInlineTablesAndDottedKeysWithPositions() {
        TomlTable t = parse("""
                # a comment
                [services.web]   # trailing comment
                command = [
                  "/bin/sh",  # why
                  "-c",
                ]
                env = { PORT = "8080", a.b = 1 }
                probes.health.kind = "tcp"
                "quoted key" = 1
                [[items]]
                n = 1
                [[items]]
                n = 2
                [items.sub]
                x = 1
                """);
        TomlTable services = table(t, "services");
        assertThat(services.entry("web").keyPosition()).isEqualTo(new TomlPosition(2, 1));
        TomlTable web = table(services, "web");
        TomlArray command = (TomlArray) web.get("command");
        assertThat(command.size()).isEqualTo(2);
        assertThat(command.positionOf(1)).isEqualTo(new TomlPosition(5, 3));
        assertThat(web.entry("command").valuePosition()).isEqualTo(new TomlPosition(3, 11));
        TomlTable env = table(web, "env");
        assertThat(env.get("PORT")).isEqualTo("8080");
        assertThat(env.entry("PORT").valuePosition()).isEqualTo(new TomlPosition(7, 16));
        assertThat(table(env, "a").get("b")).isEqualTo(1L);
        assertThat(table(table(web, "probes"), "health").get("kind")).isEqualTo("tcp");
        assertThat(web.entry("quoted key").keyPosition()).isEqualTo(new TomlPosition(9, 1));
        TomlArray items = (TomlArray) t.get("items");
        assertThat(items.size()).isEqualTo(2);
        assertThat(((TomlTable) items.get(1)).get("n")).isEqualTo(2L);
        assertThat(table((TomlTable) items.get(1), "sub").get("x")).isEqualTo(1L);
        assertThat(web.keySet()).containsExactly("command", "env", "probes", "quoted key");
    }

    @Test
    void anImplicitTableMayBeDefinedLaterAndCrLfLinesWork() {
        TomlTable t = parse("[a.b]\r\nx = 1\r\n[a]\r\ny = 2\r\n");
        assertThat(table(table(t, "a"), "b").get("x")).isEqualTo(1L);
        assertThat(table(t, "a").get("y")).isEqualTo(2L);
        assertThat(table(t, "a").origin()).isEqualTo(TomlTable.Origin.HEADER);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a = 1\\na = 2 | 2:1 | duplicate key a: already defined at 1:1",
            "[a]\\n[a] | 2:1 | [a] is already defined at 1:1",
            "a = { x = 1 }\\n[a.y] | 2:1 | a.y: a is a table defined at 1:1 and cannot be extended here",
            "a.b = 1\\n[a] | 2:1 | [a] is already defined at 1:1",
            "a = [1]\\n[[a]] | 2:1 | [[a]] cannot append to an array defined at 1:1",
            "a = 1 b = 2 | 1:7 | expected the end of the line, found 'b'",
            "a = | 1:4 | expected a value, found the end of the file",
            "a = \"open | 1:5 | the string opened at 1:5 is not closed on its line",
            "a = \"\\q\" | 1:6 | \\q is not an escape",
            "a = \"x\\\\ny\" | 1:7 | a backslash followed by the end of the line is not an escape",
            "\"a\\u000Ab\" = 1\\n\"a\\u000Ab\" = 2 | 2:1 | duplicate key \"a\\nb\": already defined at 1:1",
            "a = hello | 1:5 | hello is not a value (strings need quotes: \"hello\")",
            "a = 099 | 1:5 | 099 is not a valid number, date or time",
            "a = 1979-13-45 | 1:5 | 1979-13-45 is not a valid date/time",
            "a = 9223372036854775808 | 1:5 | 9223372036854775808 is out of range",
            "a = [1 2] | 1:8 | expected , or ] after this value (the array opened at 1:5), found '2'",
            "a = [1\\n\\nb = 2 | 1:7 | expected , or ] after this value (the array opened at 1:5), found 'b' at 3:1",
            "a = { x = 1, } | 1:14 | a trailing comma is not allowed in an inline table",
            "a = { x = 1\\n} | 1:12 | expected , or } in the inline table opened at 1:5",
            "[a | 1:3 | expected ] to close the table header",
            "a = 1\\rb = 2 | 1:6 | a carriage return must be followed by a line feed",
            "# bell \u0007 ring | 1:8 | control character U+0007 is not allowed in a comment",
            "= 1 | 1:1 | expected a key, found '='"})
    void syntaxErrorsSayWhatAndWhere(String text, String where, String message) {
        String toml = text.replace("\\n", "\n").replace("\\r", "\r");
        assertThatThrownBy(() -> parse(toml)).isInstanceOfSatisfying(TomlSyntaxException.class, e -> {
            assertThat(e.position().toString()).isEqualTo(where);
            assertThat(e.getMessage()).startsWith(message);
        });
    }
}
