git clone https://x-access-token:ghp_OHyMhzjYuvvYTdb3FAYuMS8yxX64mT6PWwMo@github.com/acme/app.git
