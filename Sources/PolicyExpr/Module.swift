// The PolicyExpr module; its sources are added file by file.
