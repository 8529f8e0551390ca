package io.sluice.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sluice list processors}, from the runnable jar, names every processor of the product document's list and
 * of the incumbent's typed list that users' configs contain (issue 18).
 */
class ProcessorCatalogueTest {
    /** The processor pages of the product document (/work/shared/seeds), as config names. */
    static final List<String> DOCUMENT = List.of("aws_lambda", "bloblang", "bounds_check", "branch", "cache", "cached", "catch",
            "dedupe", "for_each", "group_by_value", "group_by", "http", "insert_part", "jmespath", "json_schema", "jq", "log",
            "mapping", "msgpack", "mutation", "noop", "parallel", "parse_log", "processors", "protobuf", "rate_limit", "redis",
            "retry", "schema_registry_decode", "schema_registry_encode", "select_parts", "sleep", "split", "switch",
            "sync_response", "try", "while", "workflow");

    /** The rest of the incumbent's typed list named by the issue. */
    static final List<String> TYPED = List.of("archive", "unarchive", "compress", "decompress", "grok", "resource", "command",
            "subprocess", "awk");

    @Test
    void listProcessorsShowsTheWholeCatalogue() throws Exception {
        CliTest.Run r = CliTest.sluice("list", "processors");
        assertThat(r.code()).as(r.err()).isZero();
        List<String> names = r.out().lines().map(String::strip).map(l -> l.split("\\s+")[0]).toList();
        assertThat(DOCUMENT).hasSize(38);
        assertThat(names).containsAll(DOCUMENT).containsAll(TYPED);
    }
}
