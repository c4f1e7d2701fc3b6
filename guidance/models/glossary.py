"""Glossary terms: the words of public buying, each explained in one or two plain sentences."""

from django.db import models

from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class GlossaryTerm(index.Indexed, models.Model):
    term = models.CharField(max_length=80, unique=True, help_text="The word or phrase, like 'Lot' or 'Social value'.")
    slug = models.SlugField(max_length=80, unique=True, help_text="Used in the link to this term, like 'social-value'.")
    definition = models.TextField(
        max_length=400, help_text="What it means, in one or two short sentences a 12 year old could follow."
    )

    panels = [FieldPanel("term"), FieldPanel("slug"), FieldPanel("definition")]
    search_fields = [index.SearchField("term"), index.AutocompleteField("term"), index.SearchField("definition")]

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return self.term
