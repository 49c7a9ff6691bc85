// A reloadable reference to the policy in force. Requests read the current
// compiled policy; a reload compiles the new sources completely first and
// swaps the reference in one step, so no request ever sees a half-loaded
// policy, and a policy with errors never replaces the one in force.

import Synchronization
import PolicySource

/// The policy a gateway is using now, swappable while requests run.
public final class PolicyHandle: Sendable {
    private let current: Mutex<CompiledPolicy>

    public init(_ policy: CompiledPolicy) {
        current = Mutex(policy)
    }

    /// The policy in force. Keep the returned reference for the whole request,
    /// so one request is decided by one policy even if a reload happens meanwhile.
    public var policy: CompiledPolicy { current.withLock { $0 } }

    /// Replaces the policy in force.
    public func replace(with policy: CompiledPolicy) {
        current.withLock { $0 = policy }
    }

    /// Compiles `directory` and swaps it in when it has no errors. Returns the
    /// compilation result either way; on errors the old policy stays in force.
    @discardableResult
    public func reload(directory: String, compiler: PolicyCompiler = PolicyCompiler()) -> CompilationResult {
        let result = compiler.compile(directory: directory)
        if let policy = result.policy { replace(with: policy) }
        return result
    }

    /// Compiles in-memory sources and swaps them in when they have no errors.
    @discardableResult
    public func reload(sources: [(path: String, text: String)], compiler: PolicyCompiler = PolicyCompiler()) -> CompilationResult {
        let result = compiler.compile(sources: sources)
        if let policy = result.policy { replace(with: policy) }
        return result
    }

    /// Decides a request against the policy in force.
    public func decide(_ request: Request, tracer: (any DecisionTracer)? = nil) -> Decision {
        policy.decide(request, tracer: tracer)
    }
}
