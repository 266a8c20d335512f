package dev.codemode.samples.webchat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * The page's conversation: the latest turns, in memory, oldest first. Turns are numbered from 1 as
 * the page shows them ("turn 3"); the id, which the audit log records as the parent request id, stays
 * unique across runs of the application.
 */
@Component
class TurnLog {

    static final int KEPT_TURNS = 50;

    private final Map<String, Turn> turns = new LinkedHashMap<>();
    /** The number of every turn of this run, also of turns no longer kept, for the audit page. */
    private final Map<String, Integer> numbers = new HashMap<>();

    synchronized Turn start(String message, String virtualKey) {
        String id = "turn-" + UUID.randomUUID().toString().substring(0, 8);
        Turn turn = new Turn(id, numbers.size() + 1, message, virtualKey);
        numbers.put(id, turn.number());
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

    /** The number of the turn with this id, when it is a turn of this run. */
    synchronized Optional<Integer> number(String id) {
        return Optional.ofNullable(id == null ? null : numbers.get(id));
    }

    synchronized List<Turn.View> views() {
        List<Turn.View> views = new ArrayList<>();
        turns.values().forEach(turn -> views.add(turn.view()));
        return views;
    }
}
