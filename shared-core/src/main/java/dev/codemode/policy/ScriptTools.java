package dev.codemode.policy;

import dev.codemode.catalog.CatalogTool;
import java.util.List;
import java.util.Set;

/**
 * The tools a script can call, as far as its syntax tree shows.
 *
 * @param tools        tools the script names as {@code server.tool}, called or used as a value
 * @param undetermined why the script could reach other tools too (empty when it cannot); one reason
 *                     per construct, e.g. "crm is used as a value at line 3"
 */
record ScriptTools(Set<CatalogTool> tools, List<String> undetermined) {

    ScriptTools {
        tools = Set.copyOf(tools);
        undetermined = List.copyOf(undetermined);
    }

    boolean isDetermined() {
        return undetermined.isEmpty();
    }
}
