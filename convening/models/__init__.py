from .pages import HomeFeaturedPractice, HomePage, StandardPage

__all__ = ["HomeFeaturedPractice", "HomePage", "StandardPage"]
