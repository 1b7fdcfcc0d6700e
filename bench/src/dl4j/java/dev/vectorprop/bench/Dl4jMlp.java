package dev.vectorprop.bench;

import dev.vectorprop.data.Dataset;
import dev.vectorprop.data.FashionMnist;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * DeepLearning4j side of the end-to-end comparison (bench/scripts/vs-pytorch.sh dl4j=true): the same models, data,
 * batch sizes and measurement as EndToEnd.java and pytorch_mlp.py. Fashion-MNIST 784 → 512 ReLU → 512 ReLU → 10
 * softmax, MCXENT (cross-entropy), Adam lr 1e-3; the small regression networks 8-10-5-1 and 8-64-64-1 with MSE and
 * SGD lr 0.01 at batch 32. Samples/s of one whole epoch after warming up (epochs until two seconds have passed, as
 * EndToEnd does), on a fresh network per repeat, median of the repeats. One JSON object per configuration on stdout,
 * shaped like pytorch_mlp.py's, with {@code "system":"dl4j"} and the test-set accuracy of the last repeat's network
 * (784-512-512-10: the 10,000 test images; with samples=60000 it must exceed 0.8, else the run exits with status 1).
 *
 * <p>DL4J at its best on this machine (2 cores, AVX-512), measured with this class at batch 64:
 * <ul>
 *   <li>libnd4j built for AVX-512 (nd4j-native, classifier linux-x86_64-avx512; javacpp picks it on an AVX-512 CPU)
 *       and OpenBLAS 0.3.19 from org.bytedeco for the matrix products. That OpenBLAS takes this CPU for a Haswell
 *       (AVX2 kernels); vs-pytorch.sh measures DL4J with each OPENBLAS_CORETYPE first, as it does for PyTorch, and
 *       keeps the fastest (here SkylakeX, AVX-512: 5,400 samples/s at batch 64 on 1 thread against auto's 3,400);</li>
 *   <li>threads: {@code threads=N} gives OpenBLAS N threads ({@code Nd4j.factory().blas().setMaxThreads}) and
 *       libnd4j's own ops (element-wise, broadcast, reductions, the updater) one
 *       ({@code Nd4j.getEnvironment().setMaxThreads/setMaxMasterThreads}), as PyTorch runs best here (OMP 1,
 *       OpenBLAS 2). At batch 64 on 2 threads (samples=6000, a second job busy on one core): OpenMP 1 + OpenBLAS 2
 *       5,100 samples/s; OpenMP 2 + OpenBLAS 2 410; OpenMP 2 + OpenBLAS 1 770 (libnd4j's threads wait on each
 *       other at every small op). The script sets OMP_NUM_THREADS and OPENBLAS_NUM_THREADS to match before the JVM
 *       starts; {@code omp=} and {@code blas=} override the two;</li>
 *   <li>FLOAT everywhere ({@code Nd4j.setDefaultDataTypes} and the configuration's dataType), workspaces ENABLED for
 *       training and inference, CacheMode.NONE (DL4J's default),
 *       no listeners, ND4J's periodic System.gc() off, and javacpp's off-heap limits off
 *       ({@code org.bytedeco.javacpp.maxbytes=0}, {@code maxphysicalbytes=0}: its check of the process's resident
 *       memory on each allocation took a third of a small network's step);</li>
 *   <li>the epoch's mini-batches made once as DataSets before timing and fed to {@code fit(DataSet)} one by one in a
 *       fresh shuffled order each epoch (no iterator, no copying, no prefetch thread). PyTorch gathers its batches
 *       within the timed epoch, so this favours DL4J slightly.</li>
 * </ul>
 * Weights as PyTorch initializes nn.Linear, U(±1/√fan-in) (WeightInit.UNIFORM); biases zero (DL4J's default).
 *
 * <p>Arguments ({@code key=value}): {@code batches=16,32,64,128,256 repeats=3 samples=60000 threads=1 mlp=true
 * small=true}, plus {@code omp=} and {@code blas=}. {@code threads-label=} is taken for {@code threads=}.
 */
public final class Dl4jMlp {
    private static final int EPOCH = 60_000;
    private static final String VERSION = "1.0.0-M2.1";

    private Dl4jMlp() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = EndToEnd.parse(args);
        int threads = Integer.parseInt(options.getOrDefault("threads", options.getOrDefault("threads-label", "1")));
        int omp = Integer.parseInt(options.getOrDefault("omp", "1"));
        int blas = Integer.parseInt(options.getOrDefault("blas", String.valueOf(threads)));
        int repeats = Integer.parseInt(options.getOrDefault("repeats", "3"));
        int samples = Integer.parseInt(options.getOrDefault("samples", String.valueOf(EPOCH)));
        int[] batches = Arrays.stream(options.getOrDefault("batches", "16,32,64,128,256").split(","))
                .mapToInt(Integer::parseInt).toArray();

        // javacpp otherwise reads /proc/self/statm on every off-heap allocation, to call System.gc() near a limit:
        // a third of the time of a small network's step. The workspaces hold the step's memory.
        System.setProperty("org.bytedeco.javacpp.maxphysicalbytes",
                System.getProperty("org.bytedeco.javacpp.maxphysicalbytes", "0"));
        System.setProperty("org.bytedeco.javacpp.maxbytes", System.getProperty("org.bytedeco.javacpp.maxbytes", "0"));
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Nd4j.getEnvironment().setMaxThreads(omp);
        Nd4j.getEnvironment().setMaxMasterThreads(omp);
        Nd4j.factory().blas().setMaxThreads(blas);
        Nd4j.getMemoryManager().togglePeriodicGc(false);
        String kernels = kernels(omp, blas);
        System.err.println("DL4J " + VERSION + ": " + kernels + ", OpenMP threads " + Nd4j.getEnvironment().maxThreads()
                + ", OpenBLAS threads " + Nd4j.factory().blas().getMaxThreads());

        if (Boolean.parseBoolean(options.getOrDefault("mlp", "true"))) {
            float[][] train = arrays(FashionMnist.training(FashionMnist.DEFAULT_DIRECTORY), samples);
            float[][] test = arrays(FashionMnist.test(FashionMnist.DEFAULT_DIRECTORY), 10_000);
            for (int batch : batches) {
                double[] seconds = new double[repeats];
                double accuracy = 0;
                for (int r = 0; r < repeats; r++) {
                    MultiLayerNetwork net = network(new int[] {784, 512, 512, 10}, new Adam(1e-3));
                    seconds[r] = epochSeconds(net, batches(train[0], train[1], 784, 10, batch));
                    if (r == repeats - 1) {
                        accuracy = accuracy(net, test[0], test[1]);
                    }
                }
                report("mnist-784-512-512-10", kernels, threads, batch, train[1].length / 10, median(seconds), EPOCH,
                        accuracy);
                if (accuracy <= 0.8) {
                    // a whole epoch's training must reach it; a short run (samples=6000) may fall just short
                    System.err.printf(Locale.ROOT, "DL4J: test accuracy %.4f at batch %d is not above 0.8%n", accuracy,
                            batch);
                    if (samples >= EPOCH) {
                        System.exit(1);
                    }
                }
            }
        }
        if (Boolean.parseBoolean(options.getOrDefault("small", "true"))) {
            float[][] regression = EndToEnd.syntheticRows(20_000);
            for (int[] widths : new int[][] {{8, 10, 5, 1}, {8, 64, 64, 1}}) {
                double[] seconds = new double[repeats];
                for (int r = 0; r < repeats; r++) {
                    MultiLayerNetwork net = network(widths, new Sgd(0.01));
                    seconds[r] = epochSeconds(net, batches(regression[0], regression[1], 8, 1, 32));
                }
                StringBuilder name = new StringBuilder("regression");
                for (int w : widths) {
                    name.append('-').append(w);
                }
                report(name.toString(), kernels, 1, 32, 20_000, median(seconds), 20_000, Double.NaN);
            }
        }
    }

    /**
     * Dense ReLU layers, then softmax with cross-entropy where the output is 10 classes, else identity with MSE.
     */
    static MultiLayerNetwork network(int[] widths, IUpdater updater) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(0)
                .dataType(DataType.FLOAT)
                .updater(updater)
                .weightInit(WeightInit.UNIFORM)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .cacheMode(CacheMode.NONE)
                .list();
        for (int i = 1; i < widths.length - 1; i++) {
            list.layer(new DenseLayer.Builder().nIn(widths[i - 1]).nOut(widths[i]).activation(Activation.RELU)
                    .build());
        }
        boolean classes = widths[widths.length - 1] > 1;
        list.layer(new OutputLayer.Builder(classes ? LossFunction.MCXENT : LossFunction.MSE)
                .nIn(widths[widths.length - 2]).nOut(widths[widths.length - 1])
                .activation(classes ? Activation.SOFTMAX : Activation.IDENTITY).build());
        MultiLayerConfiguration conf = list.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** The epoch's mini-batches, rows in a shuffled order, made once (the last one short if the batch does not divide). */
    static List<DataSet> batches(float[] x, float[] y, int inputs, int outputs, int batch) {
        int rows = y.length / outputs;
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        Random random = new Random(0);
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        List<DataSet> list = new ArrayList<>();
        for (int start = 0; start < rows; start += batch) {
            int n = Math.min(batch, rows - start);
            float[] bx = new float[n * inputs];
            float[] by = new float[n * outputs];
            for (int i = 0; i < n; i++) {
                System.arraycopy(x, order[start + i] * inputs, bx, i * inputs, inputs);
                System.arraycopy(y, order[start + i] * outputs, by, i * outputs, outputs);
            }
            list.add(new DataSet(Nd4j.create(bx, new long[] {n, inputs}, 'c'),
                    Nd4j.create(by, new long[] {n, outputs}, 'c')));
        }
        return list;
    }

    /** Seconds for one epoch, after warm-up epochs on the same network until two seconds have passed. */
    static double epochSeconds(MultiLayerNetwork net, List<DataSet> batches) {
        List<DataSet> order = new ArrayList<>(batches);
        Random random = new Random(1);
        long warmUp = System.nanoTime();
        do {
            epoch(net, order, random);
        } while (System.nanoTime() - warmUp < 2_000_000_000L);
        long start = System.nanoTime();
        epoch(net, order, random);
        return (System.nanoTime() - start) / 1e9;
    }

    private static void epoch(MultiLayerNetwork net, List<DataSet> order, Random random) {
        Collections.shuffle(order, random);
        for (DataSet batch : order) {
            net.fit(batch);
        }
    }

    /** Share of test rows whose largest output is the labelled class. */
    static double accuracy(MultiLayerNetwork net, float[] x, float[] oneHot) {
        int rows = oneHot.length / 10;
        int correct = 0;
        for (int start = 0; start < rows; start += 1000) {
            int n = Math.min(1000, rows - start);
            INDArray in = Nd4j.create(Arrays.copyOfRange(x, start * 784, (start + n) * 784), new long[] {n, 784}, 'c');
            INDArray predicted = net.output(in, false).argMax(1);
            for (int i = 0; i < n; i++) {
                if (oneHot[(start + i) * 10 + predicted.getInt(i)] == 1f) {
                    correct++;
                }
            }
        }
        return correct / (double) rows;
    }

    /** {images scaled to [0, 1], one-hot labels} of the first {@code rows} of a Fashion-MNIST set. */
    static float[][] arrays(Dataset data, int rows) {
        Dataset first = rows < data.rows() ? data.slice(0, rows) : data;
        return new float[][] {first.inputs(), first.targets()};
    }

    /** What ran: DL4J's version, the libnd4j build javacpp loaded, the BLAS and its core type, the two thread counts. */
    private static String kernels(int omp, int blas) {
        // libnd4j's instruction set: 0 generic x86-64, 1 AVX, 2 AVX2, 3 AVX-512
        int level = NativeOpsHolder.getInstance().getDeviceNativeOps().binaryLevel();
        String build = level == 3 ? "avx512" : level == 2 ? "avx2" : level == 1 ? "avx" : "generic";
        String coreType = System.getenv("OPENBLAS_CORETYPE");
        return "dl4j-" + VERSION + "-nd4j-" + build + "-"
                + Nd4j.factory().blas().getBlasVendor().toString().toLowerCase(Locale.ROOT) + "-"
                + (coreType == null || coreType.isEmpty() ? "auto" : coreType) + "-omp" + omp + "-blas" + blas;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void report(String model, String kernels, int threads, int batch, int rows, double seconds,
                               int epochRows, double accuracy) {
        double perSecond = rows / seconds;
        System.out.printf(Locale.ROOT, "{\"system\": \"dl4j\", \"model\": \"%s\", \"kernels\": \"%s\", \"threads\": %d, "
                        + "\"batch\": %d, \"samples_per_second\": %.1f, \"seconds_per_epoch\": %.3f%s}%n",
                model, kernels, threads, batch, perSecond, epochRows / perSecond,
                Double.isNaN(accuracy) ? "" : String.format(Locale.ROOT, ", \"test_accuracy\": %.4f", accuracy));
        System.out.flush();
    }
}
