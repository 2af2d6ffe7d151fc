/// Plain values a plan owns in memory of its own: copied in once when the plan is made, read
/// in place on every evaluation (reading an array of a shared object costs a reference count
/// each time; reading this costs none), and freed with the plan (`Plan.deinit`, through the
/// objects it owns). Copies share the memory: only the owner's `deinit` calls `free()`, and
/// nothing reads a copy after its owner is gone.
struct Frozen<Element: BitwiseCopyable>: CustomReflectable {
    private let buffer: UnsafeBufferPointer<Element>

    init(_ values: [Element]) {
        let memory = UnsafeMutableBufferPointer<Element>.allocate(capacity: values.count)
        _ = memory.initialize(from: values)
        buffer = UnsafeBufferPointer(memory)
    }

    var count: Int { buffer.count }
    var isEmpty: Bool { buffer.isEmpty }
    var indices: Range<Int> { buffer.indices }

    subscript(index: Int) -> Element { buffer[index] }

    func contains(_ value: Element) -> Bool where Element: Equatable {
        var index = 0
        while index < buffer.count {  // a plain loop: no iterator to make
            if buffer[index] == value { return true }
            index += 1
        }
        return false
    }

    /// The values, to whoever reflects on a plan (a test comparing two compiled programs),
    /// rather than where they happen to be in memory.
    var customMirror: Mirror { Mirror(self, unlabeledChildren: Array(buffer)) }

    /// Gives the memory back; only the plan that owns it calls this, from its `deinit`.
    func free() { buffer.deallocate() }
}

/// Never written after it is made, so as shareable as its values.
extension Frozen: @unchecked Sendable where Element: Sendable {}
