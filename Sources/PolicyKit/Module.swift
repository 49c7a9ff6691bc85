// The PolicyKit module; its sources are added file by file.
