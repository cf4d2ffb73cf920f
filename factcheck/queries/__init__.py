"""The reads: page-shaped loaders for the desk (and later the public pages and feeds).

Services write; these only read, returning models or small records for one page, loaded in a
bounded number of queries (the view tests count them).
"""
