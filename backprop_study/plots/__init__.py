"""The plots: their parameter table, the experiments behind them, the recipes, the sandbox and the charts."""
