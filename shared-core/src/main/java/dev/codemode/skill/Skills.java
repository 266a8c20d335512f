package dev.codemode.skill;

import dev.codemode.access.CallContext;
import dev.codemode.catalog.CatalogView;
import dev.codemode.catalog.ToolCatalog;
import dev.codemode.sandbox.StarlarkInterpreter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The skill settings {@code CodeMode.builder().skills(...)} takes: the store, who sees what
 * ({@link SkillSharing}), whether the model may save skills, the limits, and the application's own
 * skills. Without them a host has no skills at all: no {@code saveAs}, no {@code skills.pyi}, no
 * {@code skills} global.
 *
 * <pre>{@code
 * CodeMode.builder().toolSources(crm, orders)
 *     .skills(Skills.builder().sharing(SkillSharing.PER_KEY).registerClasspath("codemode/skills").build())
 *     .build();
 * }</pre>
 */
public final class Skills {

    public static final int DEFAULT_MAX_SKILLS = 100;
    public static final int DEFAULT_MAX_SOURCE_CHARS = 4_000;

    private final SkillStore store;
    private final SkillSharing sharing;
    private final boolean saving;
    private final int maxSkills;
    private final int maxSourceChars;
    /** The application's skills: where each came from (for errors), and its source. */
    private final List<Registered> registered;

    /** One application skill, with where it came from. */
    record Registered(String origin, String source) {
    }

    private Skills(Builder b) {
        this.store = b.store == null ? SkillStore.inMemory() : b.store;
        this.sharing = b.sharing == null ? SkillSharing.PER_KEY : b.sharing;
        this.saving = b.saving == null || b.saving;
        this.maxSkills = b.maxSkills == null ? DEFAULT_MAX_SKILLS : b.maxSkills;
        this.maxSourceChars = b.maxSourceChars == null ? DEFAULT_MAX_SOURCE_CHARS : b.maxSourceChars;
        if (maxSkills < 1) {
            throw new IllegalArgumentException("Skills.builder().maxSkills(...) must be at least 1: " + maxSkills);
        }
        if (maxSourceChars < 20) {
            throw new IllegalArgumentException("Skills.builder().maxSourceChars(...) must be at least 20: "
                    + maxSourceChars);
        }
        List<Registered> all = new ArrayList<>();
        for (int i = 0; i < b.sources.size(); i++) {
            all.add(new Registered("register(...) #" + (i + 1), b.sources.get(i)));
        }
        for (String location : b.classpath) {
            all.addAll(classpath(location));
        }
        // Checked now for what needs no catalog (syntax, shape, name, size); the tools when the host is built.
        for (Registered r : all) {
            try {
                SkillCheck.shape(r.source(), maxSourceChars);
            } catch (SkillException e) {
                throw new IllegalArgumentException("skill " + r.origin() + " is invalid: " + e.getMessage(), e);
            }
        }
        this.registered = List.copyOf(all);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: an in-memory store, {@link SkillSharing#PER_KEY}, saving on. */
    public static Skills inMemory() {
        return builder().store(SkillStore.inMemory()).build();
    }

    public SkillStore store() {
        return store;
    }

    public SkillSharing sharing() {
        return sharing;
    }

    /** Whether {@code executeToolCode} offers {@code saveAs}. */
    public boolean saving() {
        return saving;
    }

    public int maxSkills() {
        return maxSkills;
    }

    public int maxSourceChars() {
        return maxSourceChars;
    }

    List<Registered> registered() {
        return registered;
    }

    /**
     * The library over a host's catalog, interpreter and access control, with the application's
     * skills stored (a new version only when a source changed). {@code CodeMode} calls this once when
     * it is built; applications use {@code CodeMode.skills()}.
     *
     * @param views the view of a caller ({@code null}: the anonymous caller), after access control
     * @throws IllegalArgumentException when an application skill does not check against the catalog
     */
    public SkillLibrary library(ToolCatalog catalog, StarlarkInterpreter interpreter,
            Function<@Nullable CallContext, CatalogView> views) {
        SkillLibrary library = new SkillLibrary(this, catalog, interpreter, views);
        for (Registered r : registered) {
            try {
                library.registerApplication(r.source());
            } catch (SkillException e) {
                throw new IllegalArgumentException("skill " + r.origin() + " is invalid: " + e.getMessage(), e);
            }
        }
        return library;
    }

    /** Every {@code *.star} file under a classpath folder, in name order. */
    private static List<Registered> classpath(String location) {
        String folder = location.replaceAll("^/+|/+$", "");
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : Skills.class.getClassLoader();
        TreeMap<String, String> files = new TreeMap<>();
        try {
            Enumeration<URL> roots = loader.getResources(folder);
            if (!roots.hasMoreElements()) {
                throw new IllegalArgumentException("registerClasspath(\"" + location + "\"): no such folder on the classpath");
            }
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                if ("file".equals(root.getProtocol())) {
                    Path dir = Paths.get(root.toURI());
                    try (Stream<Path> paths = Files.list(dir)) {
                        for (Path p : paths.filter(p -> p.getFileName().toString().endsWith(".star")).toList()) {
                            files.put(folder + "/" + p.getFileName(), Files.readString(p, StandardCharsets.UTF_8));
                        }
                    }
                } else if ("jar".equals(root.getProtocol())) {
                    JarURLConnection connection = (JarURLConnection) root.openConnection();
                    connection.setUseCaches(false);
                    try (JarFile jar = connection.getJarFile()) {
                        Enumeration<JarEntry> entries = jar.entries();
                        while (entries.hasMoreElements()) {
                            JarEntry e = entries.nextElement();
                            String name = e.getName();
                            if (name.startsWith(folder + "/") && name.endsWith(".star")
                                    && name.indexOf('/', folder.length() + 1) < 0) {
                                try (InputStream in = jar.getInputStream(e)) {
                                    files.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                                }
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("registerClasspath(\"" + location + "\"): " + e.getMessage(), e);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("registerClasspath(\"" + location + "\"): " + e.getMessage(), e);
        }
        List<Registered> out = new ArrayList<>();
        files.forEach((name, text) -> out.add(new Registered(name, text)));
        return out;
    }

    /** Boring on purpose: fields start null, defaults are applied by {@link Skills}. */
    public static final class Builder {
        private SkillStore store;
        private SkillSharing sharing;
        private Boolean saving;
        private Integer maxSkills;
        private Integer maxSourceChars;
        private final List<String> sources = new ArrayList<>();
        private final List<String> classpath = new ArrayList<>();

        private Builder() {
        }

        /** Where skills live; {@link SkillStore#inMemory()} when not set. */
        public Builder store(SkillStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** {@link SkillSharing#PER_KEY} when not set. */
        public Builder sharing(SkillSharing sharing) {
            this.sharing = Objects.requireNonNull(sharing, "sharing");
            return this;
        }

        /**
         * Whether the model may save skills ({@code saveAs} on {@code executeToolCode}); on when not
         * set. Off, skills are only the application's and are still listed and callable.
         */
        public Builder saving(boolean saving) {
            this.saving = saving;
            return this;
        }

        /** Skills (names, not versions) per scope; {@value Skills#DEFAULT_MAX_SKILLS} when not set. */
        public Builder maxSkills(int maxSkills) {
            this.maxSkills = maxSkills;
            return this;
        }

        /** Characters of one skill's source; {@value Skills#DEFAULT_MAX_SOURCE_CHARS} when not set. */
        public Builder maxSourceChars(int maxSourceChars) {
            this.maxSourceChars = maxSourceChars;
            return this;
        }

        /**
         * An application skill: one {@code def} with a docstring, stored in the {@link SkillStore#SHARED}
         * scope with author {@code "application"}. Checked by {@link #build()} (syntax, shape, name,
         * size) and by {@code CodeMode.build()} (tools against the catalog); never run.
         */
        public Builder register(String starSource) {
            this.sources.add(Objects.requireNonNull(starSource, "starSource"));
            return this;
        }

        /** Every {@code *.star} file directly under a classpath folder, e.g. {@code "codemode/skills"}, as {@link #register}. */
        public Builder registerClasspath(String location) {
            this.classpath.add(Objects.requireNonNull(location, "location"));
            return this;
        }

        public Skills build() {
            return new Skills(this);
        }
    }
}
