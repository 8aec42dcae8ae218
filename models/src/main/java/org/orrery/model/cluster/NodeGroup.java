package org.orrery.model.cluster;

import org.orrery.hardware.ServerSpec;

/**
 * A number of identical servers.
 *
 * @param server the server model
 * @param count how many of them, at least 1
 */
public record NodeGroup(ServerSpec server, int count) {

    /**
     * Validates the count.
     *
     * @throws IllegalArgumentException if the count is below 1
     */
    public NodeGroup {
        if (count < 1) {
            throw new IllegalArgumentException("node count of " + server.name() + " must be at least 1, got " + count);
        }
    }
}
