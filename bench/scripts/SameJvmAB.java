import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Two builds of one benchmark in one JVM, each in its own class loader, timed in alternating bursts: the ratio of
 * each round's pair is measured under the same load, where separate JMH runs minutes apart differ by 10% on a
 * machine shared with a neighbour. The JIT compiles each build's classes on its own. Prints the median time of
 * each and the median, quartiles and count of the per-round ratios B/A. Run one JVM per comparison several times:
 * what the JIT makes of a method differs from one JVM to the next.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector SameJvmAB.java A.jar B.jar Benchmark.method rounds
 * burstMillis [field=value...]} with the benchmarks jars of the two builds; the benchmark's fields are set as
 * JMH's {@code -p} would, {@code kernels=simd} by default, then its {@code setUp()} runs.
 */
public class SameJvmAB {
    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: SameJvmAB A.jar B.jar Benchmark.method rounds burstMillis [field=value...]");
            System.exit(2);
        }
        String benchmark = args[2].substring(0, args[2].lastIndexOf('.'));
        String method = args[2].substring(args[2].lastIndexOf('.') + 1);
        int rounds = Integer.parseInt(args[3]);
        long burstNanos = Long.parseLong(args[4]) * 1_000_000L;
        String[] settings = Arrays.copyOfRange(args, 5, args.length);
        Object[] instances = new Object[2];
        Method[] methods = new Method[2];
        for (int v = 0; v < 2; v++) {
            URL jar = Path.of(args[v]).toUri().toURL();
            ClassLoader loader = new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
            Class<?> type = Class.forName("dev.vectorprop.bench." + benchmark, true, loader);
            Object instance = type.getConstructor().newInstance();
            set(type.getField("kernels"), instance, "simd");
            for (String setting : settings) {
                String[] kv = setting.split("=", 2);
                set(type.getField(kv[0]), instance, kv[1]);
            }
            type.getMethod("setUp").invoke(instance);
            instances[v] = instance;
            methods[v] = type.getMethod(method);
        }
        for (int round = 0; round < 6; round++) { // warm-up
            for (int v = 0; v < 2; v++) {
                burst(methods[v], instances[v], burstNanos);
            }
        }
        double[][] micros = new double[2][rounds];
        double[] ratio = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            for (int q = 0; q < 2; q++) {
                int v = round % 2 ^ q; // A first in even rounds, B first in odd ones
                micros[v][round] = burst(methods[v], instances[v], burstNanos);
            }
            ratio[round] = micros[1][round] / micros[0][round];
        }
        System.out.printf("%s %s: A median %.1f us, B median %.1f us, B/A median %.3f (quartiles %.3f, %.3f), "
                        + "B faster in %d of %d rounds%n", args[2], String.join(" ", settings),
                quantile(micros[0], 0.5), quantile(micros[1], 0.5), quantile(ratio, 0.5), quantile(ratio, 0.25),
                quantile(ratio, 0.75), Arrays.stream(ratio).filter(x -> x < 1).count(), rounds);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void set(Field field, Object instance, String value) throws IllegalAccessException {
        Class<?> type = field.getType();
        if (type == int.class) {
            field.setInt(instance, Integer.parseInt(value));
        } else if (type.isEnum()) {
            field.set(instance, Enum.valueOf((Class) type, value));
        } else {
            field.set(instance, value);
        }
    }

    /** Calls the method until the burst is over; the mean time of a call in µs. */
    private static double burst(Method method, Object instance, long nanos) throws Exception {
        long start = System.nanoTime();
        long now;
        int calls = 0;
        do {
            method.invoke(instance);
            calls++;
        } while ((now = System.nanoTime()) - start < nanos);
        return (now - start) / 1e3 / calls;
    }

    private static double quantile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.round(p * (sorted.length - 1))];
    }
}
