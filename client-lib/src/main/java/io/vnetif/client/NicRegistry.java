package io.vnetif.client;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The interfaces a switch handed out, so that closing the switch closes them; once closed it takes no
 * new ones (an attach racing the close gets its interface closed instead of leaked).
 */
final class NicRegistry {
    private final Set<Vnetif> nics = new HashSet<>();
    private boolean closed;

    synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Records {@code nic}; when the switch was closed meanwhile, closes it instead.
     *
     * @throws IllegalStateException when the switch is closed
     */
    void add(Vnetif nic, String what) {
        synchronized (this) {
            if (!closed) {
                nics.add(nic);
                return;
            }
        }
        nic.close();
        throw new IllegalStateException(what + " was closed during the attach");
    }

    synchronized void remove(Vnetif nic) {
        nics.remove(nic);
    }

    /** Marks the switch closed and closes every interface still open. */
    void closeAll() {
        List<Vnetif> open;
        synchronized (this) {
            closed = true;
            open = new ArrayList<>(nics);
        }
        open.forEach(Vnetif::close);
    }
}
