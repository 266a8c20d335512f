package dev.codemode.access;

import java.util.List;
import java.util.Objects;

/**
 * A caller's key: its own tools and the tool groups it gets. The tools a request may use are the
 * union of both.
 */
public record VirtualKey(String id, List<String> tools, List<String> groups) {

    public VirtualKey {
        Objects.requireNonNull(id, "id");
        tools = List.copyOf(tools);
        groups = List.copyOf(groups);
    }

    public static VirtualKey withGroups(String id, String... groups) {
        return new VirtualKey(id, List.of(), List.of(groups));
    }

    public static VirtualKey withTools(String id, String... tools) {
        return new VirtualKey(id, List.of(tools), List.of());
    }

    /** Key ids are secrets: never printed. */
    @Override
    public String toString() {
        return "VirtualKey[id=***, tools=" + tools + ", groups=" + groups + "]";
    }
}
