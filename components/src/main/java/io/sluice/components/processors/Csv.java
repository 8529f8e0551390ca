package io.sluice.components.processors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads CSV (RFC 4180, any one-character delimiter) into rows keyed by the header row. */
final class Csv {
    private Csv() {
    }

    static List<Map<String, Object>> rows(String text, char delimiter) throws ProcessingFailure {
        List<List<String>> records = records(text, delimiter);
        if (records.isEmpty()) throw new ProcessingFailure("unarchive csv: the message has no header row");
        List<String> header = records.getFirst();
        List<Map<String, Object>> out = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            List<String> fields = records.get(r);
            if (fields.size() != header.size()) {
                throw new ProcessingFailure("unarchive csv: row " + (r + 1) + " has " + fields.size() + " fields, the header " + header.size());
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) row.put(header.get(i), fields.get(i));
            out.add(row);
        }
        return out;
    }

    private static List<List<String>> records(String s, char delimiter) throws ProcessingFailure {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = s.length();
        boolean any = false; // whether the current record has started
        while (i < n) {
            char c = s.charAt(i);
            if (c == '"' && field.isEmpty()) {
                int start = i;
                i++;
                while (true) {
                    if (i >= n) throw new ProcessingFailure("unarchive csv: a quoted field opened at character " + (start + 1) + " is not closed");
                    char q = s.charAt(i++);
                    if (q == '"') {
                        if (i < n && s.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(q);
                    }
                }
                any = true;
                continue;
            }
            if (c == delimiter) {
                record.add(field.toString());
                field.setLength(0);
                any = true;
                i++;
            } else if (c == '\n' || c == '\r') {
                if (any || !field.isEmpty()) {
                    record.add(field.toString());
                    records.add(record);
                }
                record = new ArrayList<>();
                field.setLength(0);
                any = false;
                i += (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') ? 2 : 1;
            } else {
                field.append(c);
                any = true;
                i++;
            }
        }
        if (any || !field.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
