// The PolicyValues module; its sources are added file by file.
