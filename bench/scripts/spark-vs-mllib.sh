#!/usr/bin/env bash
# vectorprop on Spark, side by side in one JVM and one Spark session (default local[2], 2 partitions): the Spark
# overhead against the single-JVM trainer, a round's measured cost and bytes with a projection to 8/32/128
# executors, and vectorprop against MLlib's MultilayerPerceptronClassifier on Fashion-MNIST (time to 0.85 test
# accuracy, accuracy after equal time). Prints Markdown. MLlib runs at its best: its BLAS is OpenBLAS through JNI
# (one thread per task, as Spark runs one task per core) when the machine has it, else its Vector API BLAS.
# Usage: bench/scripts/spark-vs-mllib.sh [master=local[2]] [partitions=2] [layers=784,512,512,10] [epochs=8]
#        [mllib=5,10,20,40,80] [budget=900] [parts=overhead,rounds,mllib]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
java_home=$("$root/bin/find-jdk25")
[ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ] \
  || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >&2
[ -f /usr/lib/x86_64-linux-gnu/libopenblas.so ] \
  || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas0-pthread >&2 || true
"$root/mvnw" -q -DskipTests -pl spark -am package >&2
blas=()
for lib in /usr/lib/x86_64-linux-gnu/libopenblas.so /usr/lib/x86_64-linux-gnu/libblas.so.3; do
  if [ -f "$lib" ]; then blas=(-Ddev.ludovic.netlib.blas.nativeLibPath="$lib"); break; fi
done
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
exec "$java_home/bin/java" --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx12g \
  --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED \
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED \
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED \
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED \
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true \
  -Dlog4j2.configurationFile="$root/spark/launcher-log4j2.properties" "${blas[@]}" \
  -cp "$root/spark/target/test-classes:$root/spark/target/vectorprop-spark.jar:$(cat "$root/spark/target/spark-classpath.txt")" \
  dev.vectorprop.spark.SparkBenchmark "$@"
