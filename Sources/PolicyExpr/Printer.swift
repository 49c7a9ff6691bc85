// Prints a typed tree as canonical condition text: single spaces around
// binary operators, only the parentheses the precedence needs (plus those
// around the operand of `!` when it is an operator expression), string
// literals in double quotes, sets sorted, money with its trailing zeros
// removed. Two conditions that differ only in layout, redundant
// parentheses, quote style or the order of set elements print the same.

/// Prints typed trees as canonical text.
enum Printer {
    /// Binding strength of each level, higher binds tighter.
    private enum Level {
        static let or = 1, and = 2, not = 3, comparison = 4, member = 5, additive = 6, multiplicative = 7
        static let unary = 8, postfix = 9
    }

    /// Prints `node` so that it parses back to the same tree.
    static func print(_ node: Typed) -> String {
        print(node, needs: 0)
    }

    /// Prints `node` so that it can stand as an operand of any operator,
    /// in parentheses unless it is a name, a literal or a call.
    static func printOperand(_ node: Typed) -> String {
        print(node, needs: Level.postfix + 1)
    }

    private static func print(_ node: Typed, needs required: Int) -> String {
        let (text, level) = printed(node)
        return level < required ? "(\(text))" : text
    }

    /// Returns the text of a node and the binding strength of its outermost operator.
    private static func printed(_ node: Typed) -> (String, Int) {
        switch node.kind {
        case .constant(let constant, let spelling):
            if case .number(let value) = constant, value < 0 { return (spelling, Level.unary) }
            return (spelling, Level.postfix + 1)
        case .attribute(let attribute):
            return (attribute.rawValue, Level.postfix + 1)
        case .index(let base, let key):
            return (print(base, needs: Level.postfix) + "[" + print(key) + "]", Level.postfix)
        case .not(let operand):
            return ("!" + print(operand, needs: Level.unary), Level.not)
        case .negate(let operand):
            return ("-" + print(operand, needs: Level.unary), Level.unary)
        case .logical(let op, let items):
            let level = op == .or ? Level.or : Level.and
            return (items.map { print($0, needs: level + 1) }.joined(separator: " \(op.rawValue) "), level)
        case .compare(let op, let left, let right):
            return (binary(op.rawValue, left, right, level: Level.comparison, rightNeeds: Level.comparison + 1), Level.comparison)
        case .member(let left, let right):
            return (binary("in", left, right, level: Level.member, rightNeeds: Level.member + 1), Level.member)
        case .arithmetic(let op, let left, let right, _, _):
            let level = op == .times ? Level.multiplicative : Level.additive
            return (binary(op.rawValue, left, right, level: level, rightNeeds: level + 1), level)
        case .call(let function, let arguments):
            return (function.rawValue + "(" + arguments.map { print($0) }.joined(separator: ", ") + ")", Level.postfix + 1)
        case .zoned(let function, let argument, _, let zoneName):
            return ("\(function.rawValue)(\(print(argument)), \(quote(zoneName)))", Level.postfix + 1)
        case .poisoned:
            return ("<error>", Level.postfix + 1)
        }
    }

    /// Prints a binary operation. Comparisons and `in` do not chain, so the
    /// left operand needs parentheses at the operator's own level too.
    private static func binary(_ op: String, _ left: Typed, _ right: Typed, level: Int, rightNeeds: Int) -> String {
        let leftNeeds = level <= Level.member ? level + 1 : level
        return print(left, needs: leftNeeds) + " \(op) " + print(right, needs: rightNeeds)
    }
}

// MARK: - Literal spelling

/// Spells a string as a double-quoted literal that reads back to the same value.
func quote(_ value: String) -> String {
    var text = "\""
    for scalar in value.unicodeScalars {
        switch scalar {
        case "\"": text += "\\\""
        case "\\": text += "\\\\"
        case "\n": text += "\\n"
        case "\t": text += "\\t"
        default:
            if scalar.properties.generalCategory == .control {
                text += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
    }
    return text + "\""
}

/// Spells an amount in micros as a decimal with at least one fraction digit,
/// for example 0.5 or 12.0.
func formatMoney(_ micros: Int64) -> String {
    let magnitude = micros.magnitude
    let whole = magnitude / UInt64(moneyMicrosPerUnit)
    var fraction = String(magnitude % UInt64(moneyMicrosPerUnit))
    fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
    while fraction.count > 1, fraction.hasSuffix("0") { fraction.removeLast() }
    return (micros < 0 ? "-" : "") + "\(whole).\(fraction)"
}
