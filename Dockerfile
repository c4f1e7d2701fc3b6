# Production image: gunicorn serves the portal, whitenoise serves static files.
FROM node:20-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend ./frontend
RUN mkdir -p portal/static/portal/css && npm run build

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=portal.settings.production
WORKDIR /app
RUN useradd --create-home portal
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
COPY --from=assets /app/portal/static/portal/css ./portal/static/portal/css
COPY --from=assets /app/node_modules/govuk-frontend ./node_modules/govuk-frontend
# collectstatic needs settings that pass production checks; these build-time values are never used to serve.
RUN DATABASE_URL=sqlite:////tmp/build.sqlite3 SECRET_KEY=build-only-$(python -c "print('x'*60)") \
    ALLOWED_HOSTS=build python manage.py collectstatic --no-input
USER portal
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
