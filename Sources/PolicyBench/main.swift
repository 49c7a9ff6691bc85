print("policyc-bench")
