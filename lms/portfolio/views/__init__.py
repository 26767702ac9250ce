"""Views of the portfolio, one module per audience or concern; they parse input, call one service or selector, render."""
