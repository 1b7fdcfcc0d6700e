package dev.vectorprop.spark;

import org.apache.spark.api.java.JavaRDD;

import java.io.Serializable;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * What partitions produce, summed in a binary tree fixed by the partition count, whatever order Spark merges
 * partial results in: {@code treeAggregate} combines task results as they finish, and a floating-point sum in
 * that order would change bits from run to run. At each level node {@code 2k} takes in node {@code 2k + 1}, and
 * a last node without a partner goes up alone: the order of {@code Trainer.treeSum}, so that P partitions sum
 * their gradients exactly as the single-JVM trainer sums P shards.
 *
 * @param <T> the values; a partition that has nothing to add contributes null
 */
final class FixedTree<T extends FixedTree.Value<T>> implements Serializable {
    /** A value of the tree: {@code plus} combines a left node with the right one next to it (it may reuse this). */
    interface Value<T> extends Serializable {
        T plus(T right);
    }

    private static final long serialVersionUID = 1L;

    private final int leaves;
    /** The nodes waiting for their partner, by level and index; a null value is a node with nothing in it. */
    private final Map<Long, Holder<T>> waiting = new HashMap<>();
    private int arrived;

    private record Holder<T>(T value) implements Serializable {
    }

    private FixedTree(int leaves) {
        if (leaves <= 0) {
            throw new IllegalArgumentException("a tree needs at least one leaf, got " + leaves);
        }
        this.leaves = leaves;
    }

    /** What a partition's block (null when the partition has none) contributes; null for nothing. */
    interface Leaf<T> extends Serializable {
        T of(Block block, int partition);
    }

    /**
     * One Spark job: each partition's block through {@code leaf}, summed in the tree fixed by the partition count
     * with {@code treeAggregate} of the given depth; null when every leaf was null.
     */
    static <T extends Value<T>> T sum(JavaRDD<Block> blocks, int depth, Leaf<T> leaf) {
        int leaves = blocks.getNumPartitions();
        return blocks.mapPartitionsWithIndex((p, it) -> Collections.singletonList(
                FixedTree.leaf(leaves, p, leaf.of(it.hasNext() ? it.next() : null, p))).iterator(), true)
                .treeAggregate(FixedTree.<T>empty(leaves), FixedTree::merge, FixedTree::merge, depth).sum();
    }

    /** A tree of {@code leaves} leaves, none arrived yet: the zero of an aggregation. */
    static <T extends Value<T>> FixedTree<T> empty(int leaves) {
        return new FixedTree<>(leaves);
    }

    /** A tree holding leaf {@code index}'s value alone. */
    static <T extends Value<T>> FixedTree<T> leaf(int leaves, int index, T value) {
        FixedTree<T> tree = new FixedTree<>(leaves);
        tree.insert(0, index, value);
        tree.arrived = 1;
        return tree;
    }

    /** Takes in another part of the same tree; returns this. */
    FixedTree<T> merge(FixedTree<T> other) {
        if (other.leaves != leaves) {
            throw new IllegalArgumentException("cannot merge a tree of " + other.leaves + " leaves into one of " + leaves);
        }
        for (Map.Entry<Long, Holder<T>> node : other.waiting.entrySet()) {
            insert((int) (node.getKey() >>> 32), (int) (long) node.getKey(), node.getValue().value());
        }
        arrived += other.arrived;
        return this;
    }

    /** The sum of every leaf, once all have arrived; null when every leaf was null. */
    T sum() {
        if (arrived != leaves) {
            throw new IllegalStateException(arrived + " of " + leaves + " partitions reported");
        }
        return waiting.values().iterator().next().value();
    }

    private void insert(int level, int index, T value) {
        while (width(level) > 1) {
            int partner = index ^ 1;
            if (partner < width(level)) {
                Holder<T> other = waiting.remove(key(level, partner));
                if (other == null) {
                    break;
                }
                value = (index & 1) == 0 ? plus(value, other.value()) : plus(other.value(), value);
            }
            level++;
            index >>= 1;
        }
        waiting.put(key(level, index), new Holder<>(value));
    }

    private static <T extends Value<T>> T plus(T left, T right) {
        return left == null ? right : right == null ? left : left.plus(right);
    }

    /** Nodes at {@code level}: the leaves halved, rounded up, once per level. */
    private int width(int level) {
        return (int) ((leaves + (1L << level) - 1) >> level);
    }

    private static long key(int level, int index) {
        return (long) level << 32 | index & 0xFFFFFFFFL;
    }
}
