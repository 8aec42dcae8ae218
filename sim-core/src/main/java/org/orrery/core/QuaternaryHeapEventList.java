package org.orrery.core;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

import nl.tudelft.simulation.dsol.eventlists.EventListInterface;
import nl.tudelft.simulation.dsol.formalisms.eventscheduling.SimEventInterface;

/**
 * A DSOL event list kept as an array-backed 4-ary min-heap of {@link Event}s.
 *
 * <p>Compared with DSOL's red-black tree it compares primitive fields instead of boxed times,
 * allocates nothing per event once the array has grown, and touches fewer cache lines per
 * operation because a 4-ary heap is half as deep as a binary one. Each event stores its heap
 * index, so {@link #remove} (cancellation) costs O(log n) instead of a search. The order is DSOL's:
 * time, then priority (higher first), then scheduling sequence.
 *
 * <p>Limits: it holds only Orrery {@link Event}s, rejecting DSOL's own event classes; its iterator
 * walks the heap array, not the execution order; it is not thread-safe.
 */
public final class QuaternaryHeapEventList implements EventListInterface<Double> {
    private static final int ARITY = 4;

    private Event[] heap = new Event[64];
    private int size;

    @Override
    public void add(SimEventInterface<Double> event) {
        if (!(event instanceof Event)) {
            throw new IllegalArgumentException("this event list holds only org.orrery.core.Event instances, got "
                    + event.getClass().getName());
        }
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        siftUp(size, (Event) event);
        size++;
    }

    @Override
    public boolean contains(SimEventInterface<Double> event) {
        if (!(event instanceof Event)) {
            return false;
        }
        int index = ((Event) event).heapIndex;
        return index >= 0 && index < size && heap[index] == event;
    }

    @Override
    public void clear() {
        for (int i = 0; i < size; i++) {
            heap[i].heapIndex = -1;
            heap[i] = null;
        }
        size = 0;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Event first() {
        return size == 0 ? null : heap[0];
    }

    /** Returns the time of the earliest event; only valid when the list is not empty. */
    double firstTimeSeconds() {
        return heap[0].timeSeconds;
    }

    @Override
    public Event removeFirst() {
        if (size == 0) {
            return null;
        }
        Event first = heap[0];
        removeAt(0);
        return first;
    }

    @Override
    public boolean remove(SimEventInterface<Double> event) {
        if (!contains(event)) {
            return false;
        }
        removeAt(((Event) event).heapIndex);
        return true;
    }

    @Override
    public Iterator<SimEventInterface<Double>> iterator() {
        Event[] snapshot = Arrays.copyOf(heap, size);
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < snapshot.length;
            }

            @Override
            public SimEventInterface<Double> next() {
                if (next >= snapshot.length) {
                    throw new NoSuchElementException();
                }
                return snapshot[next++];
            }
        };
    }

    private void removeAt(int index) {
        Event removed = heap[index];
        removed.heapIndex = -1;
        size--;
        Event last = heap[size];
        heap[size] = null;
        if (index == size) {
            return;
        }
        siftDown(index, last);
        if (heap[index] == last) {
            siftUp(index, last);
        }
    }

    private void siftUp(int index, Event event) {
        while (index > 0) {
            int parent = (index - 1) / ARITY;
            Event parentEvent = heap[parent];
            if (!Event.precedes(event, parentEvent)) {
                break;
            }
            heap[index] = parentEvent;
            parentEvent.heapIndex = index;
            index = parent;
        }
        heap[index] = event;
        event.heapIndex = index;
    }

    private void siftDown(int index, Event event) {
        while (true) {
            int firstChild = index * ARITY + 1;
            if (firstChild >= size) {
                break;
            }
            int lastChild = Math.min(firstChild + ARITY, size);
            int best = firstChild;
            for (int child = firstChild + 1; child < lastChild; child++) {
                if (Event.precedes(heap[child], heap[best])) {
                    best = child;
                }
            }
            if (!Event.precedes(heap[best], event)) {
                break;
            }
            heap[index] = heap[best];
            heap[index].heapIndex = index;
            index = best;
        }
        heap[index] = event;
        event.heapIndex = index;
    }
}
