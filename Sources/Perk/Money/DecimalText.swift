/// Reads a decimal number written as text (`12.45`, `-3`, `1.5e2`) exactly, as an integer
/// count of `10^-scale` units, without ever going through binary floating point.
enum DecimalText {
    enum Failure: Error, Equatable {
        /// Not a decimal number at all.
        case malformed
        /// More decimals than `scale` allows.
        case tooManyDecimals
        /// Does not fit in 64 bits.
        case tooLarge
    }

    /// `parse("12.45", scale: 2)` is 1245; `parse("12.456", scale: 2)` fails with `.tooManyDecimals`.
    static func parse(_ text: Substring.UTF8View, scale: Int) -> Result<Int64, Failure> {
        var bytes = Array(text)
        var negative = false
        var index = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var digits: [UInt8] = []
        var fractionCount = 0
        var sawDigit = false
        var sawDot = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 48 && byte <= 57 {
                digits.append(byte - 48)
                if sawDot { fractionCount += 1 }
                sawDigit = true
            } else if byte == UInt8(ascii: "."), !sawDot, sawDigit {
                sawDot = true
            } else {
                break
            }
            index += 1
        }
        guard sawDigit, !(sawDot && bytes[index - 1] == UInt8(ascii: ".")) else { return .failure(.malformed) }
        var exponent = 0
        if index < bytes.count {
            guard bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") else { return .failure(.malformed) }
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < bytes.count else { return .failure(.malformed) }
            while index < bytes.count {
                let byte = bytes[index]
                guard byte >= 48 && byte <= 57 else { return .failure(.malformed) }
                exponent = exponent * 10 + Int(byte - 48)
                guard exponent < 1000 else { return .failure(exponentNegative ? .tooManyDecimals : .tooLarge) }
                index += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        bytes = []
        // value = digits × 10^(exponent - fractionCount); we want value × 10^scale.
        var shift = exponent - fractionCount + scale
        while shift < 0 {
            guard let last = digits.last else { break }
            guard last == 0 else { return .failure(.tooManyDecimals) }
            digits.removeLast()
            shift += 1
        }
        if digits.isEmpty { return .success(0) }
        var value: Int64 = 0
        for digit in digits {
            guard let scaled = Checked.multiply(value, 10), let next = Checked.add(scaled, Int64(digit)) else {
                return .failure(.tooLarge)
            }
            value = next
        }
        if value != 0 {
            for _ in 0..<shift {
                guard let next = Checked.multiply(value, 10) else { return .failure(.tooLarge) }
                value = next
            }
        }
        return .success(negative ? -value : value)
    }

    static func parse(_ text: String, scale: Int) -> Result<Int64, Failure> {
        parse(Substring(text).utf8, scale: scale)
    }
}
