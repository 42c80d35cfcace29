package io.github.azkit.election;

import java.util.function.Consumer;
import org.slf4j.Logger;

/** Calls the {@code onX} listeners of this module's builders: an exception a listener throws is logged and ignored. */
final class Listeners {

    private Listeners() {
    }

    /** A listener that does nothing: the default of every {@code onX} setting. */
    static <T> Consumer<T> none() {
        return event -> { };
    }

    /**
     * Tells {@code listener} about {@code event}. A {@link RuntimeException} it throws is logged at WARN on the
     * component's logger, naming the event, and never reaches the component.
     */
    static <T> void tell(Logger log, String name, Consumer<? super T> listener, T event) {
        try {
            listener.accept(event);
        } catch (RuntimeException e) {
            log.warn("The {} listener threw; ignored ({})", name, event, e);
        }
    }
}
