package org.orrery.model.cluster;

import org.orrery.hardware.ServerSpec;

/** One server of the cluster and how many of its GPUs are allocated. */
public final class Node {
    private final int index;
    private final ServerSpec server;
    private int allocatedGpus;

    Node(int index, ServerSpec server) {
        this.index = index;
        this.server = server;
    }

    public int index() {
        return index;
    }

    public ServerSpec server() {
        return server;
    }

    public int allocatedGpus() {
        return allocatedGpus;
    }

    public int freeGpus() {
        return server.acceleratorCount() - allocatedGpus;
    }

    void allocate(int gpus) {
        allocatedGpus += gpus;
    }
}
