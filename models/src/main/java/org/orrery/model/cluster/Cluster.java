package org.orrery.model.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.orrery.hardware.AcceleratorSpec;

/**
 * The servers of a datacenter and the GPUs allocated on them.
 *
 * <p>Placement is first fit within one server, because tensor parallelism needs the intra-node
 * links. Every server is powered for the whole run: unallocated GPUs draw idle power and count
 * toward energy, but embodied carbon and cost are charged only for allocated GPUs and for servers
 * that host at least one of them (the rest could serve other tenants).
 */
public final class Cluster {
    private final List<Node> nodes = new ArrayList<>();

    /**
     * Creates a cluster of the given server groups.
     *
     * @throws IllegalArgumentException if there are no groups
     */
    public Cluster(List<NodeGroup> groups) {
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one node group");
        }
        for (NodeGroup group : groups) {
            for (int i = 0; i < group.count(); i++) {
                nodes.add(new Node(nodes.size(), group.server()));
            }
        }
    }

    public List<Node> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /**
     * Allocates {@code gpus} GPUs of type {@code accelerator} on one server, first fit.
     *
     * @throws IllegalArgumentException naming the request and the free capacity if no server fits
     */
    public Node allocate(AcceleratorSpec accelerator, int gpus) {
        for (Node node : nodes) {
            if (node.server().accelerator().name().equals(accelerator.name()) && node.freeGpus() >= gpus) {
                node.allocate(gpus);
                return node;
            }
        }
        int free = 0;
        int largest = 0;
        for (Node node : nodes) {
            if (node.server().accelerator().name().equals(accelerator.name())) {
                free += node.freeGpus();
                largest = Math.max(largest, node.server().acceleratorCount());
            }
        }
        throw new IllegalArgumentException("cannot place an instance of " + gpus + " x " + accelerator.name()
                + " on one server: " + free + " such GPUs are free across the cluster and the largest server has "
                + largest + "; add nodes or lower the instance count or tensor parallelism");
    }

    /** Returns the number of GPUs in the cluster. */
    public int totalGpus() {
        return nodes.stream().mapToInt(node -> node.server().acceleratorCount()).sum();
    }

    /** Returns the number of allocated GPUs. */
    public int allocatedGpus() {
        return nodes.stream().mapToInt(Node::allocatedGpus).sum();
    }

    /** Returns the power of the whole cluster with every GPU and host idle, in watts: GPUs only. */
    public double idleGpuWatts() {
        return nodes.stream()
                .mapToDouble(node -> node.server().acceleratorCount() * node.server().accelerator().idlePowerWatts())
                .sum();
    }

    /** Returns the host power of every server when idle, in watts. */
    public double idleHostWatts() {
        return nodes.stream().mapToDouble(node -> node.server().hostIdlePowerWatts()).sum();
    }

    /** Returns allocated GPU-seconds over a run of {@code durationSeconds}. */
    public double allocatedGpuSeconds(double durationSeconds) {
        return allocatedGpus() * durationSeconds;
    }

    /** Returns the rental cost of the allocated GPUs over {@code durationSeconds}, in US dollars. */
    public double costUsd(double durationSeconds) {
        double usdPerSecond = 0.0;
        for (Node node : nodes) {
            usdPerSecond += node.allocatedGpus() * node.server().accelerator().priceUsdPerSecond();
        }
        return usdPerSecond * durationSeconds;
    }

    /**
     * Returns embodied carbon amortized linearly over each device's lifetime: allocated GPUs, plus
     * the host of every server with an allocation, for {@code durationSeconds}; in grams CO2e.
     */
    public double embodiedCarbonGrams(double durationSeconds) {
        double grams = 0.0;
        for (Node node : nodes) {
            if (node.allocatedGpus() == 0) {
                continue;
            }
            AcceleratorSpec gpu = node.server().accelerator();
            grams += node.allocatedGpus() * gpu.embodiedCarbonGrams() * durationSeconds / gpu.lifetimeSeconds();
            grams += node.server().hostEmbodiedCarbonGrams() * durationSeconds / node.server().lifetimeSeconds();
        }
        return grams;
    }
}
