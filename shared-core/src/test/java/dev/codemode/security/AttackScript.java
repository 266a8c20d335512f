package dev.codemode.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One file of the attack corpus: the script (or, with {@code meta-tool}, the meta-tool's JSON
 * arguments) and the header comments that say how to run it and what it must get.
 *
 * <pre>
 * # attack: what the script tries                        (required)
 * # key: key-reader                                      virtual key; "none" for no key (default key-all)
 * # approval: deny | allow | throw                       the approval handler (default deny)
 * # auto-execute: none | crm.lookup_customer, hostile.*   the allowlist (default AttackCorpusTest.AUTO_EXECUTE)
 * # trusted: everything, vault                           servers whose read-only hints are trusted (default none)
 * # limits: timeout=1s maxSteps=1000 maxMemoryBytes=64MiB  limits other than the defaults
 * # meta-tool: readToolFile                              call this meta-tool with the body as JSON arguments
 * # expect-error: limit                                  error kind: syntax, runtime, tool, limit, timeout, denied, access
 * # expect-message: fragment                             part of the error message (of the text, for meta-tools)
 * # expect-hint: fragment                                part of the hint
 * # expect-result: {"a": 1}                              the exact result, as JSON
 * # expect-log: fragment                                 part of some captured print line
 * # expect-truncated: true                               the output was cut to the output limit
 * # expect-approval: denied                              the execution's approval decision in the audit log
 * # expect-invoked: none | crm.lookup_customer=1, ...    exactly these tools ran, this many times; all others never
 * # forbidden: crm.delete_customer, admin.delete_all     these tools never ran
 * # expect-audit: crm.delete_customer                    a tool-call record exists for each of these (attempted calls)
 * # never-contains: delete_customer, admin               the text returned never contains these
 * # expect-max-concurrency: 10                           at most this many tool calls were in flight at once
 * # expect-within: 5s                                    the call returned within this time
 * # expect-cpu-stops-within: 1s                          no sandbox thread uses CPU later than this past the deadline
 * </pre>
 */
record AttackScript(Path file, String name, Map<String, String> header, String body) {

    static AttackScript read(Path file, Path root) throws IOException {
        String text = Files.readString(file);
        Map<String, String> header = new LinkedHashMap<>();
        List<String> lines = text.lines().toList();
        int i = 0;
        for (; i < lines.size() && lines.get(i).startsWith("#"); i++) {
            String line = lines.get(i);
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(1, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (header.put(key, value) != null) {
                throw new IllegalArgumentException(file + ": header '" + key + "' given twice");
            }
        }
        String name = root.relativize(file).toString().replace('\\', '/');
        return new AttackScript(file, name, header, text);
    }

    String get(String key) {
        return header.get(key);
    }

    String get(String key, String fallback) {
        return header.getOrDefault(key, fallback);
    }

    /** A comma-separated header as a list; empty when absent. */
    List<String> list(String key) {
        String v = header.get(key);
        List<String> out = new ArrayList<>();
        if (v != null) {
            for (String part : v.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
        }
        return out;
    }

    /** The lines after the header: the meta-tool arguments. */
    String afterHeader() {
        return body.lines().dropWhile(l -> l.startsWith("#")).reduce("", (a, b) -> a + b + "\n").strip();
    }

    @Override
    public String toString() {
        return name;
    }
}
