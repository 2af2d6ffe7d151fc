import Foundation

/// Times repeated runs of a piece of work and reports the median.
enum Stopwatch {
    /// Nanoseconds on the monotonic clock.
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// The time `work` takes, in nanoseconds per unit (per evaluation it makes).
    static func time(units: Int, _ work: () throws -> Void) rethrows -> Double {
        let start = now()
        try work()
        return Double(now() - start) / Double(units)
    }

    /// The median of `samples` timings of `work`, in nanoseconds per unit.
    static func median(samples: Int, units: Int, _ work: () throws -> Void) rethrows -> Double {
        var times: [Double] = []
        for _ in 0..<samples { times.append(try time(units: units, work)) }
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
