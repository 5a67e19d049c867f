"""Ein Teil eines AWS-Batch-Array-Jobs: zählt Primzahlen in einem Zahlenbereich.

AWS Batch startet jeden Kind-Job eines Array-Jobs mit demselben Image und
setzt die Umgebungsvariable AWS_BATCH_JOB_ARRAY_INDEX (0, 1, 2, ...).
Aus diesem Index berechnet jeder Kind-Job seinen eigenen Bereich.
Ohne Array-Job (oder lokal) ist der Index 0.
"""

import argparse
import math
import os
import sys


def is_prime(n: int) -> bool:
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    for divisor in range(3, math.isqrt(n) + 1, 2):
        if n % divisor == 0:
            return False
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description="Primzahlen in einem Teilbereich zählen")
    parser.add_argument("--chunk-size", type=int, default=100_000)
    args = parser.parse_args()

    index = int(os.environ.get("AWS_BATCH_JOB_ARRAY_INDEX", "0"))
    size = os.environ.get("AWS_BATCH_JOB_ARRAY_SIZE", "1")
    start = index * args.chunk_size
    end = start + args.chunk_size

    count = sum(1 for n in range(start, end) if is_prime(n))

    # Alles auf stdout landet in Amazon CloudWatch Logs.
    print(f"Teil {index + 1} von {size}: {count} Primzahlen in [{start}, {end})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
