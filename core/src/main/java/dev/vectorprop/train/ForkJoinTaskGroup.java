package dev.vectorprop.train;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.RecursiveAction;

/** Runs the first n of some reusable tasks on a pool and waits for all of them. */
final class ForkJoinTaskGroup {
    private ForkJoinTaskGroup() {
    }

    static void run(ForkJoinPool pool, ForkJoinTask<?>[] tasks, int n) {
        pool.invoke(new RecursiveAction() {
            @Override
            protected void compute() {
                for (int i = 1; i < n; i++) {
                    tasks[i].fork();
                }
                tasks[0].invoke();
                for (int i = n - 1; i >= 1; i--) {
                    tasks[i].join();
                }
            }
        });
    }
}
