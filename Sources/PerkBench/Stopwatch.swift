import Foundation

/// Times repeated runs of a piece of work and reports the median.
enum Stopwatch {
    /// Nanoseconds on the monotonic clock.
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// The median of `samples` timings of `work`, in nanoseconds per unit: each sample runs
    /// `work` once and divides its time by `units` (the evaluations it made).
    static func median(samples: Int, units: Int, _ work: () throws -> Void) rethrows -> Double {
        var times: [Double] = []
        times.reserveCapacity(samples)
        for _ in 0..<samples {
            let start = now()
            try work()
            times.append(Double(now() - start) / Double(units))
        }
        return median(times)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}

/// Keeps the optimizer from removing work whose result is otherwise unused.
@inline(never)
func keep<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
