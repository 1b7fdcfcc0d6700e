package dev.vectorprop.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The Fashion-MNIST files as Debian's {@code dataset-fashion-mnist} package installs them. */
public final class FashionMnist {
    public static final Path DEFAULT_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");
    public static final int CLASSES = 10;
    public static final String[] CLASS_NAMES = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
            "Shirt", "Sneaker", "Bag", "Ankle boot"};

    private FashionMnist() {
    }

    public static boolean isInstalled(Path directory) {
        return Files.isReadable(directory.resolve("train-images-idx3-ubyte.gz"));
    }

    /** The 60,000 training images, pixels in [0, 1]. */
    public static Dataset training(Path directory) throws IOException {
        return load(directory, "train");
    }

    /** The 10,000 test images, pixels in [0, 1]. */
    public static Dataset test(Path directory) throws IOException {
        return load(directory, "t10k");
    }

    private static Dataset load(Path directory, String prefix) throws IOException {
        Path images = directory.resolve(prefix + "-images-idx3-ubyte.gz");
        if (!Files.exists(images)) {
            throw new IOException("Fashion-MNIST is not in " + directory + ": install it with "
                    + "'apt-get install dataset-fashion-mnist' or pass the folder holding " + images.getFileName());
        }
        return IdxReader.read(images, directory.resolve(prefix + "-labels-idx1-ubyte.gz"), CLASSES);
    }
}
