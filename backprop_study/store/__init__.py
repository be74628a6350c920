"""Where things live and how they are kept: paths, the workspace, the learner's progress, atomic writes, YAML."""
