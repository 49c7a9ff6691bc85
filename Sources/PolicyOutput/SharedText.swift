// Text pieces that several writers share: a diagnostic's message followed
// by its hint, and one loop for escaping. GitHub workflow commands and XML
// each replace some scalars and keep the rest.

import PolicySource

extension Diagnostic {
    /// The message, followed by the hint on its own line when there is one.
    var messageWithHint: String {
        guard let hint else { return message }
        return "\(message)\nhint: \(hint)"
    }
}

/// Returns `text` with each scalar that `replacement` maps to a string
/// replaced by that string, and every other scalar kept.
func replacingScalars(in text: String, _ replacement: (Unicode.Scalar) -> String?) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
        if let replaced = replacement(scalar) {
            result += replaced
        } else {
            result.unicodeScalars.append(scalar)
        }
    }
    return result
}
