package dev.codemode.samples.webchat;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

/** The page's conversation: the latest turns, in memory, oldest first. */
@Component
class TurnLog {

    static final int KEPT_TURNS = 50;

    private final Map<String, Turn> turns = new LinkedHashMap<>();

    synchronized Turn start(String message, String virtualKey) {
        String id = "turn-" + UUID.randomUUID().toString().substring(0, 8);
        Turn turn = new Turn(id, message, virtualKey);
        turns.put(id, turn);
        Iterator<String> oldest = turns.keySet().iterator();
        while (turns.size() > KEPT_TURNS) {
            oldest.next();
            oldest.remove();
        }
        return turn;
    }

    synchronized Optional<Turn> find(String id) {
        return Optional.ofNullable(id == null ? null : turns.get(id));
    }

    synchronized List<Turn.View> views() {
        List<Turn.View> views = new ArrayList<>();
        turns.values().forEach(turn -> views.add(turn.view()));
        return views;
    }
}
