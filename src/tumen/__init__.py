"""tumen: monitoring news and incidents about North Korean refugees."""

__version__ = "0.1.0"
