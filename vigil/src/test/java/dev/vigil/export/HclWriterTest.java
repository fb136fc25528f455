package dev.vigil.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class HclWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void objectsAreBlocksArraysOfObjectsRepeatedBlocksAndTheRestAlignedAttributes() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode service = root.putArray("service").addObject().put("name", "web");
        service.putArray("tags").add("a").add("b");
        ObjectNode check = service.putArray("check").addObject().put("type", "http").put("port", 8080)
                .put("grpc_use_tls", true);
        check.putObject("check_restart").put("limit", 3).put("grace", "2s");
        service.putArray("check").addObject(); // replaced: an empty second list is not a block
        service.putArray("check").addObject().put("type", "tcp");
        service.withArray("check").addObject().put("type", "grpc");
        service.putArray("empty");

        // Fields keep their order (a replaced "check" keeps its place); each run of attributes is aligned.
        assertThat(HclWriter.write(root)).isEqualTo("""
                service {
                  name = "web"
                  tags = ["a", "b"]

                  check {
                    type = "tcp"
                  }

                  check {
                    type = "grpc"
                  }

                  empty = []
                }
                """);
    }

    @Test
    void nestedBlocksComeAfterTheAttributesBeforeThem() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode check = root.putObject("check").put("type", "http").put("port", 8080).put("grpc_use_tls", true);
        check.putObject("check_restart").put("limit", 3).put("grace", "2s");
        check.put("interval", "5s");
        assertThat(HclWriter.write(root)).isEqualTo("""
                check {
                  type         = "http"
                  port         = 8080
                  grpc_use_tls = true

                  check_restart {
                    limit = 3
                    grace = "2s"
                  }

                  interval = "5s"
                }
                """);
    }

    @Test
    void stringsAreEscapedSoNothingBecomesATemplate() {
        assertThat(HclWriter.string("plain")).isEqualTo("\"plain\"");
        assertThat(HclWriter.string("say \"hi\" \\ bye")).isEqualTo("\"say \\\"hi\\\" \\\\ bye\"");
        assertThat(HclWriter.string("a\nb\tc\rd")).isEqualTo("\"a\\nb\\tc\\rd\"");
        assertThat(HclWriter.string("${HOME} and %{if x}")).isEqualTo("\"$${HOME} and %%{if x}\"");
        assertThat(HclWriter.string("$5 and 100% {not}")).isEqualTo("\"$5 and 100% {not}\"");
        assertThat(HclWriter.string("bell\u0007")).isEqualTo("\"bell\\u0007\"");
        assertThat(HclWriter.string("ünïcode ✓")).isEqualTo("\"ünïcode ✓\"");
    }

    @Test
    void keysThatAreNotIdentifiersAreRefused() {
        ObjectNode root = JSON.createObjectNode().put("not an identifier", 1);
        assertThatThrownBy(() -> HclWriter.write(root)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an HCL identifier");
    }
}
